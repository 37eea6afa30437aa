import { describe, expect, test } from '@jest/globals';
import { EXAMPLE_FILES, SCENARIO_FILES, replayExample } from './support/spec-examples.js';

/** The spec's 27 vendored `x-ms-examples`, each replayed and compared by value (support/spec-examples.ts). */
describe('spec examples replayed against the emulator', () => {
  test('all 27 vendored examples are there, each with a scenario', () => {
    expect(EXAMPLE_FILES).toHaveLength(27);
    expect(SCENARIO_FILES).toEqual(EXAMPLE_FILES);
  });

  test.each(EXAMPLE_FILES)('%s', async (file) => {
    expect(await replayExample(file)).toEqual([]);
  });
});
