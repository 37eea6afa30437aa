// The runner every shell shares, driven through an in-memory Platform (no shell spawned), against the
// emulator over HTTPS. Effects are read back from the emulator's store.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { SAMPLES } from '../../src/emulator/index.js';
import { DEFAULT_ATTRIBUTES } from '../../src/core/model/attributes.js';
import type { InputName } from '../../src/core/settings/input-names.js';
import {
  handleInvocation,
  type InvocationOptions,
  type InvocationOutcome,
} from '../../src/runner/handle-invocation.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { FakePlatform } from '../helpers/fake-platform.js';
import { manifestState, tagState } from '../github/registry-state.js';
import { emulatorInputs } from '../github/run-action.js';

const emu = withEmulator();
const { plain } = SAMPLES;

beforeEach(() => {
  emu.store.updateTagAttributes(plain.repository, plain.tag, DEFAULT_ATTRIBUTES);
  emu.store.updateManifestAttributes(plain.repository, plain.digest, DEFAULT_ATTRIBUTES);
  emu.faults.clear();
  emu.clearRequestLog();
});

function platform(inputs: Partial<Record<InputName, string>>): FakePlatform {
  return new FakePlatform({ ...emulatorInputs(emu), image: `${plain.repository}:${plain.tag}`, ...inputs });
}

/** The runner as the CLI shell calls it, on `fake`. */
function invoke(fake: FakePlatform, more: Partial<InvocationOptions> = {}): Promise<InvocationOutcome> {
  return handleInvocation({
    shell: 'cli',
    platform: fake,
    env: {},
    credentialsHint: 'hint',
    caCertHint: 'give ca-cert',
    ...more,
  });
}

describe('handleInvocation', () => {
  test('locks the tag and its manifest, publishes outputs and summary, masks the password first', async () => {
    const fake = platform({});
    const outcome = await invoke(fake);
    expect(outcome.kind).toBe('done');
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W- D- R+ L+');
    expect(manifestState(emu.store, plain.repository, plain.digest)).toBe('W- D- R+ L+');
    expect(fake.secrets).toEqual([emu.admin.password]);
    expect(fake.outputs.get('locked')).toBe('true');
    expect(fake.outputs.get('digest')).toBe(plain.digest);
    expect(fake.outputs.get('changed')).toBe('2');
    expect(JSON.parse(fake.outputs.get('result') ?? '{}')).toMatchObject({ ok: true });
    expect(fake.summaries.join('')).toContain('2 changed');
    expect(fake.failure).toBeUndefined();
  });

  test('bad input fails naming the input, and nothing reaches the registry', async () => {
    const fake = platform({ 'lock-mode': 'frozen' });
    const outcome = await invoke(fake);
    expect(outcome.kind).toBe('usage-error');
    expect(fake.failure).toContain('lock-mode');
    expect(emu.requestLog).toHaveLength(0);
    expect(fake.outputs.size).toBe(0);
  });

  test('a refused password fails the step naming the refused credentials, nothing written', async () => {
    const fake = platform({ password: 'wrong-password-7Hq' });
    const outcome = await invoke(fake);
    expect(outcome.kind).toBe('done');
    expect(fake.failure).toBe(
      '❌ full-lock not fully applied — 1 object(s) (1 tag): 0 changed, 0 unchanged, 1 failed.',
    );
    // The error names the credentials that were refused; the hint is for runs that gave none.
    expect(fake.errors).toEqual([
      {
        message: expect.stringContaining(
          `refused the credentials (/oauth2/token answered 401); no further request was sent to it. Check the username '${emu.admin.username}'`,
        ),
        title: `acr-lock: ${emu.loginServer}/${plain.repository}:${plain.tag} failed`,
      },
    ]);
    expect(emu.requestLog.filter((r) => r.kind === 'write')).toEqual([]);
    expect(fake.outputs.get('locked')).toBe('false');
    expect(emu.store.getTag(plain.repository, plain.tag)?.attributes).toMatchObject(DEFAULT_ATTRIBUTES);
  });
  test('a password the platform finds late (a Docker config entry) is redacted from every output, as one given as input', async () => {
    const echoed = `echo ${emu.admin.password} echo`;
    emu.faults.add({
      match: { method: 'PATCH' },
      fault: {
        kind: 'respond',
        status: 404,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ errors: [{ code: echoed, message: echoed, detail: echoed }] }),
      },
    });
    const fake = new FakePlatform({
      registry: emu.loginServer,
      'ca-cert': emu.caCertPath,
      image: `${plain.repository}:${plain.tag}`,
    });
    const outcome = await invoke(fake, {
      platformAuth: async () => ({
        kind: 'password',
        username: emu.admin.username,
        password: emu.admin.password,
      }),
    });
    expect(outcome.kind).toBe('done');
    expect(fake.secrets).toEqual([emu.admin.password]);
    // The registry did echo it, and the report said why the write failed, without the password.
    expect(fake.outputs.get('result')).toContain('echo');
    const everything = [
      ...fake.outputs.values(),
      ...fake.summaries,
      ...fake.lines,
      fake.failure ?? '',
      ...fake.errors.map((e) => e.message),
    ].join('\n');
    expect(everything).not.toContain(emu.admin.password);
  });
});
