// The shared-manifest rule over the whole tree: unlocking one tag of an image that another, still
// protected tag also names keeps the index, its platform manifests and every referrer locked, each
// reported `kept` with the tag that keeps it. Read back from the emulator's store.
import { beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import type { InputName } from '../../src/core/settings/input-names.js';
import { DEFAULT_ATTRIBUTES } from '../../src/core/model/attributes.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { runCore } from './support/run-core.js';
import { LOCKED, manifestState, resetAttributes, seedChain, tagState, type Chain } from './support/chain.js';

const emu = withEmulator();
let chain: Chain;
const OTHER = 'release';
beforeAll(() => {
  chain = seedChain(emu.store, 'shared/app');
  // A second tag on the same index: another image name for the same bytes.
  emu.store.setTag(chain.repository, OTHER, chain.index);
});
beforeEach(() => resetAttributes(emu.store));

const run = (inputs: Partial<Record<InputName, string>>) => runCore(emu, inputs);

describe('unlock of one tag whose tree another protected tag shares', () => {
  test('every manifest and artifact tag below stays locked and is reported kept', async () => {
    await run({ image: `${chain.repository}:${chain.tag}\n${chain.repository}:${OTHER}` });
    for (const digest of chain.manifests)
      expect(manifestState(emu.store, chain.repository, digest)).toEqual(LOCKED);

    const report = await run({ image: `${chain.repository}:${chain.tag}`, 'lock-mode': 'unlock' });

    // The named tag itself is unlocked; everything below it is kept for the other tag.
    expect(tagState(emu.store, chain.repository, chain.tag)).toEqual(DEFAULT_ATTRIBUTES);
    for (const digest of chain.manifests)
      expect(manifestState(emu.store, chain.repository, digest)).toEqual(LOCKED);
    const below = report.items.filter((item) => !(item.kind === 'tag' && item.role === 'target'));
    expect(below.length).toBe(chain.manifests.length + chain.tags.length - 1);
    for (const item of below) {
      expect(item.status).toBe('kept');
      expect(item.keptBy).toEqual([`${chain.repository}:${OTHER}`]);
    }
  });

  test('force-unlock-shared frees the whole tree anyway', async () => {
    await run({ image: `${chain.repository}:${chain.tag}\n${chain.repository}:${OTHER}` });
    await run({
      image: `${chain.repository}:${chain.tag}`,
      'lock-mode': 'unlock',
      'force-unlock-shared': 'true',
    });
    for (const digest of chain.manifests)
      expect(manifestState(emu.store, chain.repository, digest)).toEqual(DEFAULT_ATTRIBUTES);
    expect(tagState(emu.store, chain.repository, OTHER)).toEqual(LOCKED);
  });
});
