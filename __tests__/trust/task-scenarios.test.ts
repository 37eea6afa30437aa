// A part of the fault matrix through the packaged task as the agent runs it (Docker registry service
// connection): exit status / task result and the registry's real state; outputs stay bounded and no
// secret is printed, even by a registry that echoes it, or a username that carries commands.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { SAMPLES } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { manifestState, resetAll, tagState } from '../github/registry-state.js';
import { emitted, runTask, type AgentEndpoint, type TaskRun } from '../azdo/run-task.js';

const ADMIN = { username: 'admin', password: 'Adm1n-pass-Tk8sR3' };
const DOCKER_ID = '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const emu = withEmulator({ admin: ADMIN });
const { plain } = SAMPLES;
const MANIFEST_PATCH = { method: 'PATCH', path: /\/_manifests\// };
const LOCKED = 'W- D- R+ L+';
const OPEN = 'W+ D+ R+ L+';

beforeEach(() => {
  resetAll(emu.store);
  emu.faults.clear();
  emu.clearRequestLog();
});

function connection(username = ADMIN.username): AgentEndpoint {
  return {
    id: DOCKER_ID,
    url: `https://${emu.loginServer}`,
    scheme: 'UsernamePassword',
    parameters: { registry: `https://${emu.loginServer}`, username, password: ADMIN.password, email: '' },
    data: { registrytype: 'Others' },
  };
}

function task(inputs: Record<string, string> = {}, username?: string): Promise<TaskRun> {
  return runTask({
    inputs: {
      dockerRegistryServiceConnection: DOCKER_ID,
      caCert: emu.caCertPath,
      image: `${plain.repository}:${plain.tag}`,
      ...inputs,
    },
    endpoints: [connection(username)],
  });
}

describe('the task under faults', () => {
  test('429 with Retry-After 3600 (capped) and a 503: retried, locked, Succeeded', async () => {
    emu.faults.add({
      match: MANIFEST_PATCH,
      times: 1,
      fault: { kind: 'status', status: 429, retryAfterSeconds: 3600 },
    });
    emu.faults.add({
      match: { method: 'PATCH', path: /_tags/ },
      times: 1,
      fault: { kind: 'status', status: 503 },
    });
    const run = await task({ maxRetryAfter: '300ms' });
    expect(run.result?.result).toBe('Succeeded');
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe(LOCKED);
    expect(manifestState(emu.store, plain.repository, plain.digest)).toBe(LOCKED);
    expect(emitted(run)).toMatch(/Retry-After 3600 s, capped at 0\.3 s/);
  }, 20_000);

  test('the overall timeout: Failed with the partial report; reportFile holds it', async () => {
    emu.faults.add({ match: { method: 'PATCH', path: /_tags/ }, fault: { kind: 'delay', ms: 20_000 } });
    emu.faults.add({ match: { method: 'PATCH', path: /_tags/ }, fault: { kind: 'status', status: 503 } });
    const run = await task({ timeout: '4s' });
    expect(run.result?.result).toBe('Failed');
    expect(manifestState(emu.store, plain.repository, plain.digest)).toBe(LOCKED);
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe(OPEN);
    const result = JSON.parse(run.outputs.result ?? '{}') as {
      items: Array<{ kind: string; status: string }>;
    };
    expect(result.items.map((i) => `${i.kind} ${i.status}`)).toEqual(['manifest changed', 'tag failed']);
    expect(run.outputs.reportFile).toMatch(/report\.json$/);
  }, 20_000);

  test('a redirect: refused, Failed, the manifest stays open', async () => {
    emu.faults.add({
      match: MANIFEST_PATCH,
      fault: { kind: 'respond', status: 307, headers: { Location: 'https://127.0.0.1:9/x' } },
    });
    const run = await task();
    expect(run.result?.result).toBe('Failed');
    expect(manifestState(emu.store, plain.repository, plain.digest)).toBe(OPEN);
  }, 20_000);

  test('a registry echoing the password and a token; a username carrying ##vso: nothing injected, nothing leaked', async () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXRhc2s';
    emu.faults.add({
      match: MANIFEST_PATCH,
      fault: {
        kind: 'respond',
        status: 404,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          errors: [{ code: `Bearer ${jwt} ${ADMIN.password}\n##vso[task.complete result=Succeeded]` }],
        }),
      },
    });
    const run = await task({}, 'admin\n##vso[task.setvariable variable=injected]yes');
    expect(run.result?.result).toBe('Failed');
    expect(run.variables.map((v) => v.name)).not.toContain('injected');
    expect(run.commands.filter((c) => c.command === 'task.complete')).toHaveLength(1);
    expect(emitted(run)).not.toContain(ADMIN.password);
    expect(emitted(run)).not.toContain(jwt);
  }, 20_000);
});
