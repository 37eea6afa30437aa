import { describe, expect, test } from '@jest/globals';
import type { Recording } from './support/reference-data.js';
import { RECORDINGS, replayRecording } from './support/recording-replay.js';

/** Every recording of the official SDK against a real registry, replayed and compared by value. */
describe('SDK recordings replayed against the emulator', () => {
  test('the reference recordings are there', () => {
    expect(RECORDINGS.length).toBeGreaterThanOrEqual(10);
  });

  test.each(RECORDINGS.map((r): [string, Recording] => [r.name, r]))('%s', async (_name, recording) => {
    expect(await replayRecording(recording)).toEqual([]);
  });
});
