// The packaged task as the agent runs it, with a Docker registry service connection (username/password)
// against the emulator: every action, every preset, and the failure paths with their messages. Effects
// are read back from the emulator's store; nothing the task prints may hold a secret.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DEFAULT_ATTRIBUTES } from '../../src/core/model/attributes.js';
import { MODES, PRESETS, type Mode } from '../../src/core/model/modes.js';
import { compactAttributes } from '../../src/core/report/render-attributes.js';
import { SAMPLES } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { attributes, manifestState, resetAll, setImageState, tagState } from '../github/registry-state.js';
import { emitted, errors, runTask, type AgentEndpoint, type TaskRun } from './run-task.js';

const ADMIN = { username: 'admin', password: 'Adm1n-pass-Qx7wT2' };
const READER = { username: 'ci-reader', password: 'Re4der-token-Vn5kP9' };
const DOCKER_ID = '0d5c8a61-7d8e-4f0b-9a0e-3c1f2b4a5d6e';

const emu = withEmulator({
  admin: ADMIN,
  scopedTokens: [{ ...READER, repositories: { 'samples/*': ['content/read', 'metadata/read'] } }],
});
beforeEach(() => {
  resetAll(emu.store);
  emu.faults.clear();
  emu.clearRequestLog();
});

const { plain, multiArch } = SAMPLES;
const image = `${plain.repository}:${plain.tag}`;

/** A "Docker Registry" service connection of type Others, as the agent passes it. */
function dockerConnection(user = ADMIN): AgentEndpoint {
  return {
    id: DOCKER_ID,
    url: `https://${emu.loginServer}`,
    scheme: 'UsernamePassword',
    parameters: {
      registry: `https://${emu.loginServer}`,
      username: user.username,
      password: user.password,
      email: '',
    },
    data: { registrytype: 'Others' },
  };
}

function run(
  inputs: Record<string, string>,
  options: { user?: typeof ADMIN; node?: string } = {},
): Promise<TaskRun> {
  return runTask({
    inputs: { dockerRegistryServiceConnection: DOCKER_ID, caCert: emu.caCertPath, image, ...inputs },
    endpoints: [dockerConnection(options.user)],
    ...(options.node !== undefined ? { node: options.node } : {}),
  });
}

const writes = () => emu.requestLog.filter((r) => r.kind === 'write');
const expected = (mode: Mode, from = 'W+ D+ R+ L+') =>
  compactAttributes({ ...attributes(from), ...PRESETS[mode] });

function expectNoSecretPrinted(result: TaskRun, secrets: readonly string[]): void {
  const text = emitted(result);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('Docker registry service connection (username and password)', () => {
  test('full-lock locks the tag and its manifest; outputs, summary and result as the agent reads them', async () => {
    const result = await run({ lockMode: 'full-lock' });

    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W- D- R+ L+');
    expect(manifestState(emu.store, plain.repository, plain.digest)).toBe('W- D- R+ L+');
    expect(result.result).toEqual({
      result: 'Succeeded',
      message: expect.stringContaining('full-lock applied'),
    });
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ digest: plain.digest, changed: '2', locked: 'true' });
    expect(JSON.parse(result.outputs.digests ?? '')).toEqual({ [image]: plain.digest });
    const report = JSON.parse(result.outputs.result ?? '') as {
      items: Array<{ kind: string; status: string }>;
    };
    expect(report.items.map((i) => [i.kind, i.status])).toEqual([
      ['manifest', 'changed'],
      ['tag', 'changed'],
    ]);
    expect(result.outputs.result).not.toContain('\n');
    expect(result.variables.every((v) => v.isOutput && !v.isSecret)).toBe(true);
    expect(result.summary).toContain('### acr-lock: apply `full-lock`');
    expect(result.summary).toContain('`W- D- R+ L+`');
    expect(errors(result)).toEqual([]);
    // The registry came from the connection (no registry input); the password was masked before use.
    expect(result.log.join('\n')).toContain(`Docker registry service connection ${DOCKER_ID}`);
    expect(result.secrets).toContain(ADMIN.password);
    expectNoSecretPrinted(result, [ADMIN.password]);
  });

  test('a re-run changes nothing and writes nothing', async () => {
    await run({});
    emu.clearRequestLog();
    const again = await run({});
    expect(again.outputs.changed).toBe('0');
    expect(again.result?.result).toBe('Succeeded');
    expect(writes()).toHaveLength(0);
  });

  test("with caCert empty, the agent's own CA (Agent.CAInfo) is trusted", async () => {
    const result = await runTask({
      inputs: { dockerRegistryServiceConnection: DOCKER_ID, image },
      endpoints: [dockerConnection()],
      variables: { 'Agent.CAInfo': emu.caCertPath },
    });
    expect(result.result?.result).toBe('Succeeded');
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W- D- R+ L+');
  });

  test('a registry whose CA the agent does not trust: the issue points at caCert and Agent.CAInfo', async () => {
    const result = await run({ caCert: '' });
    expect(result.result?.result).toBe('Failed');
    expect(errors(result)).toContain(
      "acr-lock: untrusted certificate: The registry's certificate is signed by a CA the agent does not trust: give " +
        "the path of that CA's certificate (PEM) in caCert, or configure the agent's CA certificate (Agent.CAInfo), " +
        'which the task uses by default.',
    );
    expect(errors(result).join('\n')).not.toContain('--use-system-ca');
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W+ D+ R+ L+');
  });

  const node20 = ['/usr/bin/node', '/usr/local/bin/node'].find(
    (path) => existsSync(path) && execFileSync(path, ['--version'], { encoding: 'utf8' }).startsWith('v20.'),
  );
  (node20 ? test : test.skip)('runs on Node 20 as well (the Node20_1 handler)', async () => {
    const result = await run({ lockMode: 'delete-protect' }, { node: node20 as string });
    expect(result.result?.result).toBe('Succeeded');
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W+ D- R+ L+');
  });
});

describe('actions', () => {
  test('show reports the current attributes and writes nothing', async () => {
    setImageState(emu.store, plain.repository, plain.tag, 'W- D- R+ L+');
    const result = await run({ action: 'show' });
    expect(result.result?.result).toBe('Succeeded');
    expect(result.outputs).toMatchObject({ changed: '0', locked: 'true', digest: plain.digest });
    expect(result.summary).toContain('### acr-lock: show `full-lock`');
    expect(writes()).toHaveLength(0);
  });

  test('verify fails the task when the image is not locked, naming it, and writes nothing', async () => {
    const result = await run({ action: 'verify' });
    expect(result.result?.result).toBe('Failed');
    expect(result.result?.message).toContain('not every object matches full-lock');
    expect(errors(result)).toContainEqual(
      expect.stringContaining(
        `${plain.repository}:${plain.tag}: write: enabled, want disabled; delete: enabled, want disabled.`,
      ),
    );
    expect(result.outputs.locked).toBe('false');
    expect(result.code).toBe(0);
    expect(writes()).toHaveLength(0);
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W+ D+ R+ L+');
  });

  test('verify passes a locked image (a release gate)', async () => {
    setImageState(emu.store, plain.repository, plain.tag, 'W- D- R+ L+');
    const result = await run({ action: 'verify' });
    expect(result.result).toEqual({
      result: 'Succeeded',
      message: expect.stringContaining('every object matches full-lock'),
    });
    expect(result.outputs.locked).toBe('true');
    expect(writes()).toHaveLength(0);
  });

  test('dry-run prints the plan and writes nothing', async () => {
    const result = await run({ action: 'dry-run', lockMode: 'quarantine' });
    expect(result.result?.result).toBe('Succeeded');
    const report = JSON.parse(result.outputs.result ?? '') as { items: Array<{ status: string }> };
    expect(report.items.map((i) => i.status)).toEqual(['would-change', 'would-change']);
    expect(result.summary).toContain('would-change');
    expect(writes()).toHaveLength(0);
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W+ D+ R+ L+');
  });
});

describe('presets', () => {
  const presets = MODES.filter((m) => m !== 'custom');
  // release and unlock undo something: start them from the state they undo.
  const start: Partial<Record<Mode, string>> = {
    release: 'W+ D- R- L+',
    unlock: 'W- D- R+ L+',
    reset: 'W- D- R- L-',
  };

  test.each(presets)('%s sets the tag and its manifest as the preset says', async (mode) => {
    const from = start[mode] ?? 'W+ D+ R+ L+';
    setImageState(emu.store, plain.repository, plain.tag, from);
    const result = await run({ lockMode: mode });
    expect(result.result?.result).toBe('Succeeded');
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe(expected(mode, from));
    expect(manifestState(emu.store, plain.repository, plain.digest)).toBe(expected(mode, from));
    expect(result.outputs.locked).toBe('true');
  });

  test('custom takes only the attribute overrides', async () => {
    const result = await run({ lockMode: 'custom', readEnabled: 'false', listEnabled: 'false' });
    expect(result.result?.result).toBe('Succeeded');
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W+ D+ R- L-');
    expect(manifestState(emu.store, plain.repository, plain.digest)).toBe('W+ D+ R- L-');
  });

  test('the lock aliases work, and full-lock covers an index and its platform manifests', async () => {
    const result = await run({ lockMode: 'immutable', image: `${multiArch.repository}:${multiArch.tag}` });
    expect(result.result?.result).toBe('Succeeded');
    expect(tagState(emu.store, multiArch.repository, multiArch.tag)).toBe('W- D- R+ L+');
    for (const digest of [multiArch.digest, ...multiArch.children]) {
      expect(manifestState(emu.store, multiArch.repository, digest)).toBe('W- D- R+ L+');
    }
    expect(result.outputs.changed).toBe(String(2 + multiArch.children.length));
  });

  test('includeReferrers locks the signature and the SBOM with the image', async () => {
    const { signed } = SAMPLES;
    const result = await run({ image: `${signed.repository}:${signed.tag}`, includeReferrers: 'true' });
    expect(result.result?.result).toBe('Succeeded');
    for (const digest of [signed.digest, ...signed.referrers]) {
      expect(manifestState(emu.store, signed.repository, digest)).toBe('W- D- R+ L+');
    }
  });

  test('lockManifest false changes the tag alone', async () => {
    await run({ lockManifest: 'false' });
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W- D- R+ L+');
    expect(manifestState(emu.store, plain.repository, plain.digest)).toBe(
      compactAttributes(DEFAULT_ATTRIBUTES),
    );
  });
});

describe('failures', () => {
  test('no service connection: the task fails before any request, naming the input', async () => {
    const result = await runTask({ inputs: { image, registry: emu.loginServer, caCert: emu.caCertPath } });
    expect(result.result?.result).toBe('Failed');
    expect(result.result?.message).toMatch(
      /^Input 'azureSubscription': is required — choose an Azure Resource Manager/,
    );
    expect(errors(result)).toContain(result.result?.message);
    expect(emu.requestLog).toHaveLength(0);
  });

  test('a connection the job was not given: a clear message, no request', async () => {
    const result = await runTask({
      inputs: { image, azureSubscription: 'e7a3c2f1-0000-4000-8000-00000000dead' },
    });
    expect(result.result?.message).toBe(
      "Input 'azureSubscription': service connection 'e7a3c2f1-0000-4000-8000-00000000dead' is not available to " +
        'this job — check that it exists in this project and that the pipeline is authorized to use it',
    );
    expect(emu.requestLog).toHaveLength(0);
  });

  test('both connections at once are refused as ambiguous', async () => {
    const result = await run({ azureSubscription: 'e7a3c2f1-0000-4000-8000-000000000001' });
    expect(result.result?.message).toMatch(
      /^Input 'dockerRegistryServiceConnection': cannot be combined with azureSubscription/,
    );
    expect(emu.requestLog).toHaveLength(0);
  });

  test.each([
    [{ lockMode: 'frozen' }, /^Input 'lockMode': 'frozen' — accepted values: full-lock, delete-protect/],
    [{ image: 'samples/hello:' }, /^Input 'image': /],
    [{ writeEnabled: 'maybe' }, /^Input 'writeEnabled': 'maybe' — expected true or false/],
    [
      { scope: 'repository', image: 'samples/hello', tag: '1.0' },
      /^Input 'tag': is not allowed with scope: repository/,
    ],
    [
      { lockMode: 'custom' },
      /^Input 'lockMode': 'custom' needs at least one of writeEnabled, deleteEnabled, readEnabled, listEnabled set to true or false$/,
    ],
    [
      { includeReferrers: 'true', lockManifest: 'false' },
      /^Input 'includeReferrers': cannot be combined with lockManifest: false — /,
    ],
    [{ maxConcurrency: '100' }, /^Input 'maxConcurrency': '100' — expected a whole number from 1 to 64/],
  ])('bad input %j fails naming the task input, with zero requests', async (inputs, message) => {
    const result = await run(inputs);
    expect(result.result?.result).toBe('Failed');
    expect(result.result?.message).toMatch(message);
    expect(errors(result)).toContainEqual(expect.stringMatching(message));
    expect(emu.requestLog).toHaveLength(0);
    expect(result.summary).toBeUndefined();
  });

  test('the registry refuses a token that may only read: the task fails and says so, nothing changes', async () => {
    const result = await run({}, { user: READER });
    expect(result.result?.result).toBe('Failed');
    expect(result.result?.message).toContain('full-lock not fully applied');
    const failures = errors(result).filter((e) => e.startsWith('acr-lock: '));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.join('\n')).toContain('the registry refused the credentials; they lack permission');
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W+ D+ R+ L+');
    expect(result.outputs.locked).toBe('false');
    expectNoSecretPrinted(result, [READER.password]);
  });

  test('a wrong password fails with the registry refusing the credentials', async () => {
    const result = await run({}, { user: { username: ADMIN.username, password: 'not-the-password-8dK2' } });
    expect(result.result?.result).toBe('Failed');
    expect(errors(result).join('\n')).toContain(
      `The registry ${emu.loginServer} refused the credentials (/oauth2/token answered 401)`,
    );
    expect(errors(result)).toContainEqual(
      expect.stringMatching(
        /^acr-lock: credentials: Check the service connection in azureSubscription or dockerRegistryServiceConnection/,
      ),
    );
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W+ D+ R+ L+');
  });

  test('a tag that cannot be found fails with the registry answer', async () => {
    const result = await run({ image: 'samples/hello:9.9' });
    expect(result.result?.result).toBe('Failed');
    expect(errors(result).join('\n')).toMatch(/not found|unknown/i);
  });
});
