// How the CLI takes credentials besides -u/-p, each proven by the lock the emulator then holds:
// --password-stdin, ACR_LOCK_USERNAME/ACR_LOCK_PASSWORD, the Docker config (auths entries and credential
// helpers), and masking that hides the password without garbling the output.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliPlatform } from '../../src/cli/cli-platform.js';
import { SAMPLES } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { manifestState, resetAll, tagState } from '../github/registry-state.js';
import { runCliBundle } from '../trust/support/run-cli-bundle.js';
import { runCliWith } from './cli-run.js';

const ADMIN = { username: 'admin', password: 'Adm1n-pass-Cli7' };
const SHORT = { username: 'short-token', password: 'e' };
const emu = withEmulator({
  admin: ADMIN,
  scopedTokens: [
    { ...SHORT, repositories: { 'samples/*': ['content/read', 'metadata/read', 'metadata/write'] } },
  ],
});
const { plain } = SAMPLES;
const image = `${plain.repository}:${plain.tag}`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acr-lock-cli-creds-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
beforeEach(() => {
  resetAll(emu.store);
  emu.clearRequestLog();
});

const target = () => ['apply', image, '--registry', emu.loginServer, '--ca-cert', emu.caCertPath];

function expectLocked(run: { code: number; stdout: string; stderr: string }, password: string): void {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W- D- R+ L+');
  expect(manifestState(emu.store, plain.repository, plain.digest)).toBe('W- D- R+ L+');
  expect(run.stdout + run.stderr).not.toContain(password);
}

describe('--password-stdin and ACR_LOCK_*', () => {
  test('--password-stdin reads the password (without its line break) and locks', async () => {
    const run = await runCliWith([...target(), '-u', ADMIN.username, '--password-stdin'], {
      stdin: `${ADMIN.password}\n`,
    });
    expectLocked(run, ADMIN.password);
  });

  test('ACR_LOCK_USERNAME and ACR_LOCK_PASSWORD lock without any credential flag', async () => {
    const run = await runCliWith(target(), {
      env: { ACR_LOCK_USERNAME: ADMIN.username, ACR_LOCK_PASSWORD: ADMIN.password },
    });
    expectLocked(run, ADMIN.password);
  });

  test('--username with ACR_LOCK_PASSWORD: the flag names the user, the environment gives the password', async () => {
    const run = await runCliWith([...target(), '-u', ADMIN.username], {
      env: { ACR_LOCK_USERNAME: 'someone-else', ACR_LOCK_PASSWORD: ADMIN.password },
    });
    expectLocked(run, ADMIN.password);
  });

  test('--password-stdin with --password: usage error naming both flags, nothing sent', async () => {
    const run = await runCliWith([...target(), '-u', 'admin', '-p', 'x', '--password-stdin'], { stdin: 'y' });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "acr-lock: Option '--password-stdin': cannot be combined with --password; give the password once\n",
    );
    expect(emu.requestLog).toEqual([]);
  });

  test("--password-stdin with '-': standard input cannot give both", async () => {
    const run = await runCliWith(['apply', '-', '-u', 'admin', '--password-stdin'], { stdin: 'y' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("standard input can be read once; --password-stdin and '-' both ask for it");
  });

  test('--help tells the truth about every credential source it offers', async () => {
    const { stdout, code } = await runCliWith(['apply', '--help']);
    expect(code).toBe(0);
    for (const text of [
      '--password-stdin',
      'ACR_LOCK_USERNAME',
      'ACR_LOCK_PASSWORD',
      'prefer --password-stdin or ACR_LOCK_PASSWORD',
      'DOCKER_CONFIG',
      'credHelpers',
      'AZURE_FEDERATED_TOKEN_FILE',
      'managed identity',
      "'az login'",
      '--concurrency <n>',
      '--from-file <path>',
    ])
      expect(stdout.replace(/\s+/g, ' ')).toContain(text);
    expect(stdout).not.toContain('prefer the environment');
  });
});

describe('masking', () => {
  test('a one-character password is hidden where it stands alone and garbles nothing else', async () => {
    const run = await runCliWith([...target(), '-u', SHORT.username, '-p', SHORT.password, '--json']);
    expect(run.code).toBe(0);
    // With `e` masked inside words, the JSON would read "writ***Nabl***d" and not parse.
    const report = JSON.parse(run.stdout) as { items: Array<{ after: Record<string, boolean> }> };
    expect(report.items[0]?.after).toEqual({
      writeEnabled: false,
      deleteEnabled: false,
      readEnabled: true,
      listEnabled: true,
    });
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W- D- R+ L+');
  });

  test.each([
    ['le', 'enabled', 'enabled'],
    ['le', "password 'le' refused", "password '***' refused"],
    ['ab', 'user:ab@host', 'user:***@host'],
    ['Long-S3cret', 'xLong-S3cretx and Long-S3cret', 'x***x and ***'],
  ])('secret %j: %j → %j', (secret, text, masked) => {
    const platform = new CliPlatform({}, { stdout: () => undefined, stderr: () => undefined });
    platform.setSecret(secret);
    expect(platform.mask(text)).toBe(masked);
  });
});

describe('the Docker config', () => {
  async function dockerConfig(name: string, config: unknown): Promise<string> {
    const configDir = join(dir, name);
    await mkdir(configDir, { recursive: true });
    await writeFile(join(configDir, 'config.json'), JSON.stringify(config));
    return configDir;
  }

  test("an auths entry for the login server (base64 'auth', as docker login writes it) locks", async () => {
    const auth = Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64');
    const configDir = await dockerConfig('auths', {
      auths: {
        'other.azurecr.io': { auth: 'b3RoZXI6bm9wZQ==' },
        [`https://${emu.loginServer}/v1/`]: { auth },
      },
    });
    const run = await runCliWith(target(), { env: { DOCKER_CONFIG: configDir } });
    expectLocked(run, ADMIN.password);
    expect(emu.requestLog.filter((r) => r.kind === 'auth').map((r) => r.status)).toEqual([200]);
  });

  test('~/.docker/config.json is read when DOCKER_CONFIG is not set', async () => {
    const home = join(dir, 'home');
    await dockerConfig(join('home', '.docker'), {
      auths: { [emu.loginServer]: { username: ADMIN.username, password: ADMIN.password } },
    });
    const run = await runCliWith(target(), { env: { HOME: home } });
    expectLocked(run, ADMIN.password);
  });

  test('a credential helper (credHelpers, else credsStore) is run as docker-credential-<name> get, the server on stdin', async () => {
    const bin = join(dir, 'bin');
    await mkdir(bin, { recursive: true });
    const log = join(dir, 'helper.log');
    const helper = join(bin, 'docker-credential-acrtest');
    await writeFile(
      helper,
      `#!/bin/sh\nread server\necho "$1 $server" >> ${log}\n` +
        `if [ "$server" = "${emu.loginServer}" ]; then\n` +
        `  printf '{"ServerURL":"%s","Username":"${ADMIN.username}","Secret":"${ADMIN.password}"}' "$server"\n` +
        `else echo "credentials not found in native keychain"; exit 1; fi\n`,
    );
    await chmod(helper, 0o755);
    const configDir = await dockerConfig('helpers', {
      auths: {},
      credsStore: 'missing-store',
      credHelpers: { [emu.loginServer]: 'acrtest' },
    });
    const run = await runCliWith(target(), {
      env: { DOCKER_CONFIG: configDir, PATH: `${bin}:${process.env.PATH ?? ''}` },
    });
    expectLocked(run, ADMIN.password);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(log, 'utf8')).toBe(`get ${emu.loginServer}\n`);

    // credsStore: the one helper for every host without its own entry.
    resetAll(emu.store);
    const storeDir = await dockerConfig('store', { auths: { [emu.loginServer]: {} }, credsStore: 'acrtest' });
    const stored = await runCliWith(target(), {
      env: { DOCKER_CONFIG: storeDir, PATH: `${bin}:${process.env.PATH ?? ''}` },
    });
    expectLocked(stored, ADMIN.password);
    expect(await readFile(log, 'utf8')).toBe(`get ${emu.loginServer}\nget ${emu.loginServer}\n`);
  });

  test('no entry for the login server: the Docker config gives nothing, and the run says what to add', async () => {
    const configDir = await dockerConfig('none', { auths: { 'other.azurecr.io': { auth: 'eDp5' } } });
    // The bundle in its own process: the identity library reads IMDS's address from the real environment,
    // and this host has no managed identity (a local IMDS that says so, never the machine's own).
    const run = await runCliBundle(
      ['show', image, '--registry', emu.loginServer, '--ca-cert', emu.caCertPath],
      {
        under: dir,
        env: { DOCKER_CONFIG: configDir, PATH: '/nonexistent' },
      },
    );
    expect(run.code).toBe(1);
    expect(emu.requestLog.filter((r) => r.kind === 'write')).toEqual([]);
    expect(run.stderr).toContain('ManagedIdentityCredential');
    expect(run.stderr).toContain("'docker login' the registry");
  });
});
