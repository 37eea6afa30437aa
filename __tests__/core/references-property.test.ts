import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { InputError } from '../../src/core/errors.js';
import { CLOUD_PROFILES, CLOUDS } from '../../src/core/model/cloud.js';
import {
  RULES,
  formatReference,
  isValidHost,
  isValidTag,
  parseReference,
  resolveLoginServer,
  splitList,
  type ReferenceParts,
} from '../../src/core/references/index.js';
import { referenceParts } from './references-arbitraries.js';

const RUNS = { numRuns: 500 };

/** Calls fn; returns its result, or the InputError it threw. Any other exception fails the property. */
function outcome<T>(fn: () => T): T | InputError {
  try {
    return fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
}

function partsOf(parts: ReferenceParts): ReferenceParts {
  const { loginServer, repository, tag, digest } = parts;
  return {
    ...(loginServer !== undefined ? { loginServer } : {}),
    repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** Any string, with reference-like characters over-represented. */
const referenceLike = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom(...'aA0:/@._-_ .\n'.split(''), 'sha256:', 'localhost', '.azurecr.io') }),
  referenceParts.map(formatReference),
);

describe('parseReference properties', () => {
  test('every valid reference round-trips: format → parse gives the same parts', () => {
    fc.assert(
      fc.property(referenceParts, (parts) => {
        const text = formatReference(parts);
        const parsed = parseReference(text, { input: 'image' });
        expect(partsOf(parsed)).toEqual(partsOf(parts));
        expect(parsed.text).toBe(text);
        expect(parsed.hasOwnLoginServer).toBe(parts.loginServer !== undefined);
      }),
      RUNS,
    );
  });

  test('a default login server fills in only where the reference has none', () => {
    fc.assert(
      fc.property(referenceParts, (parts) => {
        const parsed = parseReference(formatReference(parts), {
          input: 'image',
          defaultLoginServer: 'default.azurecr.io',
        });
        expect(parsed.loginServer).toBe(parts.loginServer ?? 'default.azurecr.io');
      }),
      RUNS,
    );
  });

  test('an upper-case letter in the repository is refused with the lower-case rule', () => {
    const withUpper = fc
      .tuple(
        referenceParts.filter((p) => /[a-z]/.test(p.repository)),
        fc.nat(),
      )
      .map(([parts, n]) => {
        const letters = [...parts.repository.matchAll(/[a-z]/g)].map((m) => m.index);
        const at = letters[n % letters.length] ?? 0;
        const repository =
          parts.repository.slice(0, at) +
          parts.repository.charAt(at).toUpperCase() +
          parts.repository.slice(at + 1);
        return formatReference({ ...parts, repository });
      });
    fc.assert(
      fc.property(withUpper, (text) => {
        const result = outcome(() => parseReference(text, { input: 'image' }));
        expect(result).toBeInstanceOf(InputError);
        expect((result as InputError).input).toBe('image');
        expect((result as InputError).message).toContain(RULES.repositoryLowerCase);
      }),
      RUNS,
    );
  });

  test('an invalid tag is refused with InputError', () => {
    // '@' and '/' would change where the tag ends; trailing blanks are trimmed from the whole reference.
    const badTag = fc.string().filter((s) => !/[@/]/.test(s) && !isValidTag(s.trimEnd()));
    fc.assert(
      fc.property(referenceParts, badTag, (parts, tag) => {
        const result = outcome(() => parseReference(formatReference({ ...parts, tag }), { input: 'image' }));
        expect(result).toBeInstanceOf(InputError);
        expect((result as InputError).input).toBe('image');
      }),
      RUNS,
    );
  });

  test('a tag of tag characters that breaks the rule names the tag rule', () => {
    const badTag = fc
      .oneof(
        fc.stringMatching(/^[.-][A-Za-z0-9._-]{0,20}$/),
        fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9._-]{128,140}$/),
      )
      .filter((s) => !isValidTag(s));
    fc.assert(
      fc.property(referenceParts, badTag, (parts, tag) => {
        const result = outcome(() => parseReference(formatReference({ ...parts, tag }), { input: 'image' }));
        expect(result).toBeInstanceOf(InputError);
        expect((result as InputError).message).toContain(RULES.tag);
      }),
      RUNS,
    );
  });

  test('any string either parses or is refused with InputError, and what parses is stable', () => {
    fc.assert(
      fc.property(referenceLike, (text) => {
        const result = outcome(() => parseReference(text, { input: 'image' }));
        if (result instanceof InputError) {
          expect(result.message.startsWith("Input 'image': ")).toBe(true);
          return;
        }
        const again = parseReference(formatReference(result), { input: 'image' });
        expect(partsOf(again)).toEqual(partsOf(result));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('resolveLoginServer properties', () => {
  const cloud = fc.constantFrom(...CLOUDS).map((name) => CLOUD_PROFILES[name]);

  test('a registry name of 5–50 letters and digits gets the cloud suffix, lower-cased', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{5,50}$/), cloud, (name, profile) => {
        if (name.toLowerCase() === 'localhost') return;
        expect(resolveLoginServer(name, profile)).toBe(name.toLowerCase() + profile.registrySuffix);
      }),
      RUNS,
    );
  });

  test('any string resolves to a valid host or is refused with InputError naming registry', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...'aB1.:/-_ '.split(''), 'https://') })),
        cloud,
        (text, profile) => {
          const result = outcome(() => resolveLoginServer(text, profile));
          if (result instanceof InputError) {
            expect(result.input).toBe('registry');
          } else {
            expect(isValidHost(result)).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('splitList properties', () => {
  test('entries are trimmed, non-empty and free of separators', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', ',', '\n', '\r', '\t') }), (text) => {
        for (const entry of splitList(text)) {
          expect(entry).toBe(entry.trim());
          expect(entry).not.toBe('');
          expect(entry).not.toMatch(/[,\r\n]/);
        }
      }),
      RUNS,
    );
  });

  test('references joined by any mix of separators come back in order', () => {
    const sep = fc.constantFrom(',', '\n', ' , ', '\r\n', ',\n\n');
    fc.assert(
      fc.property(fc.array(fc.tuple(referenceParts.map(formatReference), sep), { maxLength: 6 }), (items) => {
        const text = items.map(([ref, s]) => ref + s).join('');
        expect(splitList(text)).toEqual(items.map(([ref]) => ref));
      }),
      RUNS,
    );
  });
});
