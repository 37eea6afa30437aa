// Every request a shell sends names acr-lock, its version and the shell first in its User-Agent,
// before the Azure SDK pipeline's own tokens: read from the emulator's request log, shell by shell as
// each platform runs it (the action's and the task's bundles, the CLI's in-process entry).
import { beforeEach, expect, test } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { SAMPLES } from '../../src/emulator/index.js';
import { cliMain } from '../../src/cli/program.js';
import { VERSION } from '../../src/version.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { resetAll } from '../github/registry-state.js';
import { runAction } from '../github/run-action.js';
import { runTask } from '../azdo/run-task.js';

const ADMIN = { username: 'admin', password: 'User-agent-pass-7Kq' };
const emu = withEmulator({ admin: ADMIN });
const image = `${SAMPLES.plain.repository}:${SAMPLES.plain.tag}`;
beforeEach(() => {
  resetAll(emu.store);
  emu.clearRequestLog();
});

/** Every logged request's User-Agent starts with `acr-lock/<version> (<shell>) ` and then the Azure SDK pipeline's. */
function expectUserAgents(shell: string): void {
  const agents = emu.requestLog.map((entry) => entry.userAgent ?? '');
  expect(agents.length).toBeGreaterThan(0);
  for (const agent of agents) {
    expect(agent.startsWith(`acr-lock/${VERSION} (${shell}) `)).toBe(true);
    expect(agent).toMatch(/ core-rest-pipeline\/\S+ Node\//);
  }
}

test('the CLI', async () => {
  const code = await cliMain(
    ['apply', image, '--registry', emu.loginServer, '--ca-cert', emu.caCertPath, '-u', ADMIN.username],
    {
      env: { ACR_LOCK_PASSWORD: ADMIN.password },
      stdout: () => undefined,
      stderr: () => undefined,
      readFile: (path) => readFile(path, 'utf8'),
    },
  );
  expect(code).toBe(0);
  expectUserAgents('cli');
});

test('the GitHub Action', async () => {
  const run = await runAction({
    inputs: { image, registry: emu.loginServer, 'ca-cert': emu.caCertPath, ...ADMIN },
  });
  expect(run.code).toBe(0);
  expectUserAgents('action');
});

test('the Azure DevOps task', async () => {
  const id = '4a0c1f7e-2b9d-4c3e-8f61-5d7a9b0c2e14';
  const run = await runTask({
    inputs: { dockerRegistryServiceConnection: id, caCert: emu.caCertPath, image },
    endpoints: [
      {
        id,
        url: `https://${emu.loginServer}`,
        scheme: 'UsernamePassword',
        parameters: { registry: `https://${emu.loginServer}`, ...ADMIN, email: '' },
        data: { registrytype: 'Others' },
      },
    ],
  });
  expect(run.result?.result).toBe('Succeeded');
  expectUserAgents('task');
});
