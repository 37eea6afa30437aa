// The fault matrix through the shipped action (dist/action/index.js as the runner runs it) against the
// emulator: each case asserts the step's exit status and the registry's real state.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { SAMPLES, type FaultRule } from '../../src/emulator/index.js';
import type { InputName } from '../../src/core/settings/input-names.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { manifestState, resetAll, tagState } from '../github/registry-state.js';
import { emulatorInputs, runAction, type ActionRun } from '../github/run-action.js';

const ADMIN = { username: 'admin', password: 'Adm1n-pass-Tr9st4' };
const emu = withEmulator({ admin: ADMIN });
const { plain } = SAMPLES;
const hello = `${plain.repository}:${plain.tag}`;

beforeEach(() => {
  resetAll(emu.store);
  emu.store.setTag(plain.repository, plain.tag, plain.digest);
  emu.faults.clear();
  emu.clearRequestLog();
});

function action(inputs: Partial<Record<InputName, string>> = {}): Promise<ActionRun> {
  return runAction({
    inputs: { ...emulatorInputs(emu), image: hello, ...inputs },
  });
}

const MANIFEST_PATCH = { method: 'PATCH', path: /\/_manifests\// };
const TAG_GET = { method: 'GET', path: /\/_tags\// };
const LOCKED = 'W- D- R+ L+';
const OPEN = 'W+ D+ R+ L+';

describe('faults that are retried: the image ends locked, exit 0', () => {
  test.each<[string, FaultRule[], Partial<Record<InputName, string>>]>([
    [
      '429, Retry-After in seconds (capped)',
      [{ match: MANIFEST_PATCH, times: 1, fault: { kind: 'status', status: 429, retryAfterSeconds: 3600 } }],
      { 'max-retry-after': '300ms' },
    ],
    [
      '429, Retry-After as an HTTP date (capped)',
      [
        {
          match: MANIFEST_PATCH,
          times: 1,
          fault: {
            kind: 'respond',
            status: 429,
            headers: { 'Retry-After': new Date(Date.now() + 3_600_000).toUTCString() },
          },
        },
      ],
      { 'max-retry-after': '300ms' },
    ],
    ['500', [{ match: MANIFEST_PATCH, times: 1, fault: { kind: 'status', status: 500 } }], {}],
    ['502', [{ match: MANIFEST_PATCH, times: 1, fault: { kind: 'status', status: 502 } }], {}],
    ['503', [{ match: MANIFEST_PATCH, times: 1, fault: { kind: 'status', status: 503 } }], {}],
    [
      'an answer slower than the request timeout',
      // The held request is answered 503 in the end, so it cannot land in a later test.
      [
        { match: MANIFEST_PATCH, times: 1, fault: { kind: 'delay', ms: 5000 } },
        { match: MANIFEST_PATCH, times: 1, fault: { kind: 'status', status: 503 } },
      ],
      { 'request-timeout': '300ms' },
    ],
    ['a connection dropped before the answer', [{ match: TAG_GET, times: 1, fault: { kind: 'drop' } }], {}],
    [
      'a connection dropped mid-answer',
      [
        {
          match: TAG_GET,
          times: 1,
          fault: {
            kind: 'respond',
            status: 200,
            body: '{"registry":"x","tag":{"name":"1.0"}}',
            dropAfterBytes: 12,
          },
        },
      ],
      {},
    ],
    [
      'an expired access token (401 once): a fresh token is fetched',
      [
        {
          match: MANIFEST_PATCH,
          times: 1,
          fault: { kind: 'respond', status: 401, body: '{"errors":[{"code":"UNAUTHORIZED"}]}' },
        },
      ],
      {},
    ],
  ])(
    '%s',
    async (_name, faults, inputs) => {
      for (const fault of faults) emu.faults.add(fault);
      const run = await action(inputs);
      expect(run.code).toBe(0);
      expect(tagState(emu.store, plain.repository, plain.tag)).toBe(LOCKED);
      expect(manifestState(emu.store, plain.repository, plain.digest)).toBe(LOCKED);
      expect(run.outputs.locked).toBe('true');
    },
    15_000,
  );
});

describe('faults that end in failure: exit 1, the registry as the report says', () => {
  test('the token refresh fails after expiry: the manifest stays open, the step fails', async () => {
    // The first token request is let through (a token for the repository), every later one fails.
    let tokenRequests = 0;
    emu.faults.add({ match: MANIFEST_PATCH, times: 1, fault: { kind: 'respond', status: 401, body: '{}' } });
    const original = emu.faults.take.bind(emu.faults);
    emu.faults.take = (method, path) => {
      if (path.startsWith('/oauth2/token') && ++tokenRequests > 1) return [{ kind: 'status', status: 503 }];
      return original(method, path);
    };
    try {
      const run = await action({ timeout: '3s' });
      expect(run.code).toBe(1);
      expect(manifestState(emu.store, plain.repository, plain.digest)).toBe(OPEN);
      expect(run.outputs.locked).toBe('false');
    } finally {
      emu.faults.take = original;
    }
  }, 15_000);

  test('the overall timeout: the partial report, exit 1', async () => {
    emu.faults.add({ match: { method: 'PATCH', path: /_tags/ }, fault: { kind: 'delay', ms: 20_000 } });
    emu.faults.add({ match: { method: 'PATCH', path: /_tags/ }, fault: { kind: 'status', status: 503 } });
    const run = await action({ timeout: '4s' });
    expect(run.code).toBe(1);
    expect(run.exitedAt - run.spawnedAt).toBeLessThan(9500);
    expect(manifestState(emu.store, plain.repository, plain.digest)).toBe(LOCKED);
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe(OPEN);
    const result = JSON.parse(run.outputs.result ?? '{}') as {
      items: Array<{ kind: string; status: string; error?: { kind: string } }>;
    };
    expect(result.items).toMatchObject([
      { kind: 'manifest', status: 'changed' },
      { kind: 'tag', status: 'failed', error: { kind: 'timeout' } },
    ]);
  }, 15_000);

  test('a tag moved during the run: exit 1, the moved-to manifest untouched', async () => {
    const moved = emu.store.putManifest(
      plain.repository,
      emu.store.getManifest(SAMPLES.signed.repository, SAMPLES.signed.digest)!.bytes,
    );
    try {
      emu.faults.add({
        match: MANIFEST_PATCH,
        times: 1,
        fault: { kind: 'move-tag', repository: plain.repository, tag: plain.tag, toDigest: moved.digest },
      });
      const run = await action();
      expect(run.code).toBe(1);
      expect(manifestState(emu.store, plain.repository, moved.digest)).toBe(OPEN);
      expect(run.outputs.locked).toBe('false');
    } finally {
      emu.store.setTag(plain.repository, plain.tag, plain.digest);
      emu.store.deleteManifest(plain.repository, moved.digest);
    }
  });

  test('the manifest deleted between resolve and write (404): exit 1', async () => {
    emu.faults.add({
      match: MANIFEST_PATCH,
      fault: { kind: 'respond', status: 404, body: '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}' },
    });
    const run = await action();
    expect(run.code).toBe(1);
    expect(manifestState(emu.store, plain.repository, plain.digest)).toBe(OPEN);
  });

  test('a redirect to another origin: refused, exit 1, the manifest stays open', async () => {
    emu.faults.add({
      match: MANIFEST_PATCH,
      fault: { kind: 'respond', status: 307, headers: { Location: 'https://127.0.0.1:9/elsewhere' } },
    });
    const run = await action();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('follows no redirect');
    expect(manifestState(emu.store, plain.repository, plain.digest)).toBe(OPEN);
  });

  test('a reference naming another host with registry credentials: refused before any request', async () => {
    const run = await action({ image: `${hello}\nevil.example:443/app:1` });
    expect(run.code).toBe(1);
    expect(emu.requestLog).toEqual([]);
    expect(run.stdout).toContain('evil.example:443/app:1');
  });

  test('a wrong password over many images: one token request, one shared reason', async () => {
    const refs = Array.from({ length: 20 }, (_v, i) => `app${i}:1`).join('\n');
    const run = await action({ image: refs, password: 'wrong-password-3Xk' });
    expect(run.code).toBe(1);
    expect(emu.requestLog.filter((r) => r.path.startsWith('/oauth2/'))).toHaveLength(1);
    expect(emu.requestLog).toHaveLength(1);
    expect(run.annotations.filter((a) => a.message.includes('refused the credentials'))).toHaveLength(1);
  });

  test('report-file: the full report is written under RUNNER_TEMP', async () => {
    const run = await action();
    expect(run.code).toBe(0);
    expect(run.outputs['report-file']).toMatch(/acr-lock-action-.*\/acr-lock-.*\/report\.json$/);
  });
});
