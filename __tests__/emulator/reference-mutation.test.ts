import { describe, expect, test } from '@jest/globals';
import { RECORDINGS, replayRecording } from './support/recording-replay.js';
import { EXAMPLE_FILES, replayExample } from './support/spec-examples.js';

/**
 * The reference suites must compare values, not shapes: with a test-only switch that swaps two
 * attributes in the emulator's `/acr/v1` views, their comparisons must fail. The recordings always
 * set the four flags alike (all false, then all true), so no recording can tell `writeEnabled` from
 * `deleteEnabled`; they are held to the repository counts swap instead, the spec examples to both.
 */
async function failingRecordings(
  mutation: 'swap-write-delete' | 'swap-manifest-tag-count',
): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const recording of RECORDINGS) {
    const found = await replayRecording(recording, { testMutation: mutation });
    if (found.length > 0) out[recording.name] = found;
  }
  return out;
}

async function failingExamples(
  mutation: 'swap-write-delete' | 'swap-manifest-tag-count',
): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const file of EXAMPLE_FILES) {
    const found = await replayExample(file, { testMutation: mutation });
    if (found.length > 0) out[file] = found;
  }
  return out;
}

describe('mutation check: the reference suites fail when the emulator answers wrong values', () => {
  test('writeEnabled and deleteEnabled swapped: the spec examples that set them apart fail', async () => {
    const failing = await failingExamples('swap-write-delete');
    expect(Object.keys(failing).sort()).toEqual([
      'GetTagAttributes.json',
      'UpdateManifestAttributes.json',
      'UpdateRepositoryAttributes.json',
      'UpdateTagAttributes.json',
    ]);
    for (const found of Object.values(failing)) {
      expect(found).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/changeableAttributes\.deleteEnabled: expected true, got false/),
        ]),
      );
    }
  });

  test('manifestCount and tagCount swapped: the recording that shows the repository counts fails', async () => {
    const recordings = await failingRecordings('swap-manifest-tag-count');
    expect(Object.keys(recordings)).toEqual([
      'repository_and_artifact_tests/recording_sets_repository_properties.json',
    ]);
    expect(Object.values(recordings)[0]).toEqual(
      expect.arrayContaining([expect.stringContaining('body.manifestCount: expected 24, got 3')]),
    );
  });

  test('without a switch nothing fails (the same helpers the suites use)', async () => {
    expect(await replayExample('UpdateManifestAttributes.json')).toEqual([]);
    expect(
      await replayRecording(
        RECORDINGS.find((r) => r.name.includes('sets_repository_properties')) ?? RECORDINGS[0]!,
      ),
    ).toEqual([]);
  });
});
