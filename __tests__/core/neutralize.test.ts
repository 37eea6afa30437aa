import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { isDigest, MAX_FOREIGN_TEXT, neutralize } from '../../src/core/text/neutralize.js';

describe('neutralize (defects 7 and 8)', () => {
  test.each([
    ['newline then ##vso', 'x\n##vso[task.setvariable variable=a]b', 'x ##vso(task.setvariable variable=a]b'],
    ['leading workflow command', '::error::pwned', ': :error::pwned'],
    ['carriage return', 'a\rb', 'a b'],
    ['a JWT', 'Bearer eyJhbGciOi.eyJzdWIiOiJ4In0.c2ln', 'Bearer <redacted token>'],
    ['a known secret', 'password hunter22 echoed', 'password *** echoed'],
  ])('%s', (_name, input, expected) => {
    expect(neutralize(input, ['hunter22'])).toBe(expected);
  });

  test('any text: one line, no command, no JWT, capped (10,000 cases)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (text) => {
        const out = neutralize(text);
        expect(out).not.toMatch(/[\n\r\u2028\u2029]/);
        expect(out.toLowerCase()).not.toContain('##vso[');
        expect(out).not.toMatch(/^\s*::/);
        expect(out.length).toBeLessThanOrEqual(MAX_FOREIGN_TEXT);
      }),
      { numRuns: 10_000 },
    );
  });

  test('digests: only the registered algorithms in their exact form', () => {
    expect(isDigest(`sha256:${'a'.repeat(64)}`)).toBe(true);
    expect(isDigest(`sha512:${'0'.repeat(128)}`)).toBe(true);
    for (const bad of [
      `sha256:${'A'.repeat(64)}`,
      `sha256:${'a'.repeat(63)}`,
      'sha256:',
      `md5:${'a'.repeat(32)}`,
      42,
    ])
      expect(isDigest(bad)).toBe(false);
  });
});
