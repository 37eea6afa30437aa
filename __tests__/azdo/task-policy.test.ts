// sweep and audit through the packaged task as the agent runs it (Docker registry service connection),
// against the emulator; effects read back from its store.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { buildImage, storeBuilt } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { resetAll, tagState } from '../github/registry-state.js';
import { runTask, type TaskRun } from './run-task.js';

const ADMIN = { username: 'admin', password: 'Adm1n-pass-Wz4kR8' };
const DOCKER_ID = '7c1e0d2a-4b5f-4e8a-9d3c-2f6a1b0e9c47';
const emu = withEmulator({ admin: ADMIN, seed: false });

beforeEach(() => {
  resetAll(emu.store);
  for (const tag of ['v1.0', 'v1.1', 'latest'])
    storeBuilt(emu.store, 'apps/api', buildImage({ files: { tag } }), tag);
  emu.clearRequestLog();
});

function run(inputs: Record<string, string>): Promise<TaskRun> {
  return runTask({
    inputs: { dockerRegistryServiceConnection: DOCKER_ID, caCert: emu.caCertPath, ...inputs },
    endpoints: [
      {
        id: DOCKER_ID,
        url: `https://${emu.loginServer}`,
        scheme: 'UsernamePassword',
        parameters: {
          registry: `https://${emu.loginServer}`,
          username: ADMIN.username,
          password: ADMIN.password,
          email: '',
        },
        data: { registrytype: 'Others' },
      },
    ],
  });
}

describe('task: sweep and audit', () => {
  test('sweep from the repository inputs; counts as output variables', async () => {
    const result = await run({ action: 'sweep', repository: 'apps/api', include: 'v*', exclude: 'v1.1' });
    expect(result.result?.result).toBe('Succeeded');
    expect(tagState(emu.store, 'apps/api', 'v1.0')).toBe('W- D- R+ L+');
    expect(tagState(emu.store, 'apps/api', 'v1.1')).toBe('W+ D+ R+ L+');
    expect(result.outputs).toMatchObject({ selected: '2', changed: '2', kept: '1', failed: '0' });
  });

  test('audit with failOnFindings fails the task on a half-locked image; bad input named as the task names it', async () => {
    emu.store.updateTagAttributes('apps/api', 'v1.0', { writeEnabled: false, deleteEnabled: false });
    const audit = await run({ action: 'audit', repository: 'apps/api', failOnFindings: 'true' });
    expect(audit.result?.result).toBe('Failed');
    expect(audit.outputs.findings).toBe('1');

    const bad = await run({ action: 'sweep', repository: 'apps/api', olderThan: 'two days' });
    expect(bad.result?.result).toBe('Failed');
    expect(bad.result?.message).toContain(
      "Input 'olderThan': 'two days' — an age is a whole number followed by m, h, d or w",
    );
  });
});
