// request-timeout bounds the requests to Entra too: an authority that accepts the connection and never
// answers fails the run after the request timeout (and its retries), not at the overall timeout. Through
// the CLI bundle in its own process (the stub's CA is trusted through NODE_EXTRA_CA_CERTS at start-up).
// Without the bound, the run waits for the 60 s overall timeout and this test's own 45 s limit fails it.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLES } from '../../src/emulator/index.js';
import { DEFAULT_ATTRIBUTES } from '../../src/core/model/attributes.js';
import { startHttpsStub, type HttpsStub } from '../helpers/entra-stub.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { runCliBundle } from './support/run-cli-bundle.js';

const emu = withEmulator();
let silent: HttpsStub;
let asked = 0;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acr-lock-entra-timeout-'));
  // Every request is held, never answered.
  silent = await startHttpsStub('silent-entra', () => {
    asked += 1;
    return new Promise(() => undefined);
  });
});
afterAll(async () => {
  await silent?.close();
  await rm(dir, { recursive: true, force: true });
});

test('a silent Entra authority: the run ends with the request timeout, nothing changed', async () => {
  const { plain } = SAMPLES;
  emu.store.updateTagAttributes(plain.repository, plain.tag, DEFAULT_ATTRIBUTES);
  const run = await runCliBundle(
    [
      'apply',
      `${plain.repository}:${plain.tag}`,
      '-r',
      emu.loginServer,
      '--ca-cert',
      emu.caCertPath,
      '--request-timeout',
      '500ms',
      '--timeout',
      '60s',
    ],
    {
      under: dir,
      env: {
        NODE_EXTRA_CA_CERTS: silent.caCertPath,
        AZURE_AUTHORITY_HOST: silent.url,
        AZURE_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        AZURE_CLIENT_ID: '0f3e1a2b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
        AZURE_CLIENT_SECRET: 'silent-entra-secret-value',
      },
    },
  );
  expect(run.code).toBe(1);
  expect(asked).toBeGreaterThan(0);
  // MSAL reports the timed-out discovery request in its own words; the overall timeout did not end it.
  expect(run.stderr).toContain('Could not get an Entra ID token');
  expect(run.stderr).not.toMatch(/overall timeout/i);
  expect(run.stdout + run.stderr).not.toContain('silent-entra-secret-value');
  expect(emu.store.getTag(plain.repository, plain.tag)?.attributes.writeEnabled).toBe(true);
  expect(emu.requestLog.filter((r) => r.kind === 'write')).toEqual([]);
}, 45_000);
