// --ca-cert adds to what the process trusts, it does not replace it: a registry trusted through
// NODE_EXTRA_CA_CERTS stays trusted when --ca-cert names another CA. Through the shipped bundle, in a
// fresh process (Node reads NODE_EXTRA_CA_CERTS only at start-up).
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { promisify } from 'node:util';
import { SAMPLES } from '../../src/emulator/index.js';
import { DEFAULT_ATTRIBUTES } from '../../src/core/model/attributes.js';
import { withEmulator } from '../helpers/emulator-fixture.js';

const run = promisify(execFile);
const emu = withEmulator({ admin: { username: 'admin', password: 'Ca-trust-pass-4Rw' } });
let dir: string;
let otherCa: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acr-lock-ca-'));
  otherCa = join(dir, 'other-ca.pem');
  await writeFile(otherCa, rootCertificates[0] ?? '');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const { plain } = SAMPLES;
const apply = (caCert: string, env: Record<string, string>, ...more: string[]) =>
  run(
    process.execPath,
    [
      'dist/cli/index.js',
      'apply',
      `${plain.repository}:${plain.tag}`,
      '--registry',
      emu.loginServer,
      '--ca-cert',
      caCert,
      '-u',
      emu.admin.username,
      ...more,
    ],
    { env: { PATH: process.env.PATH ?? '', ACR_LOCK_PASSWORD: emu.admin.password, ...env } },
  );

test('NODE_EXTRA_CA_CERTS still counts when --ca-cert names another CA', async () => {
  emu.store.updateTagAttributes(plain.repository, plain.tag, DEFAULT_ATTRIBUTES);
  await apply(otherCa, { NODE_EXTRA_CA_CERTS: emu.caCertPath });
  expect(emu.store.getTag(plain.repository, plain.tag)?.attributes.writeEnabled).toBe(false);
});

test('without either, the registry is not trusted at once (no retries) and nothing changes', async () => {
  emu.store.updateTagAttributes(plain.repository, plain.tag, DEFAULT_ATTRIBUTES);
  // Retrying a certificate that will never be trusted would outlast this overall timeout.
  const failed = apply(otherCa, {}, '--timeout', '3s');
  await expect(failed).rejects.toMatchObject({ code: 1 });
  const { stderr } = (await failed.catch((error: unknown) => error)) as { stderr: string };
  expect(stderr).toContain('untrusted certificate');
  expect(stderr).not.toMatch(/timeout/i);
  expect(emu.store.getTag(plain.repository, plain.tag)?.attributes.writeEnabled).toBe(true);
});
