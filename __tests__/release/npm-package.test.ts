// The CLI as users get it from npm: the packed tarball installed into an empty prefix, on Node 22 (the
// oldest the package supports, fetched from the npm registry for this test) and on Node 24 (the
// project's `node` devDependency), then run from its installed bin against the emulator.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startEmulator, SAMPLES, type RunningEmulator } from '../../src/emulator/index.js';
import { VERSION } from '../../src/version.js';
import { manifestState, tagState } from '../github/registry-state.js';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let work: string;
let tarball: string;
let emu: RunningEmulator;
const nodes: Record<string, string> = {};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'acr-lock-npm-'));
  const packed = await run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
    cwd: root,
  });
  tarball = join(work, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename);

  // Node 22 from the npm registry, as the `node` package brings it (its install script fetches the
  // platform's binary package, so it must be allowed).
  const node22 = join(work, 'node22');
  await mkdirp(node22);
  await writeFile(
    join(node22, 'package.json'),
    JSON.stringify({ private: true, allowScripts: { node: true } }),
  );
  await run(npm, ['install', 'node@22', '--no-audit', '--no-fund'], { cwd: node22 });
  nodes['22'] = join(node22, 'node_modules', '.bin', 'node');
  nodes['24'] = join(root, 'node_modules', '.bin', 'node'); // the `node@24` devDependency

  emu = await startEmulator({ admin: { username: 'admin', password: 'Npm-package-pass-1' } });
}, 120_000);
afterAll(async () => {
  await emu?.close();
  await rm(work, { recursive: true, force: true });
});

async function mkdirp(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}

describe.each(['22', '24'])('npm install -g of the packed CLI, on Node %s', (major) => {
  let bin: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const prefix = await mkdirp(join(work, `prefix-${major}`));
    await run(npm, ['install', '--global', '--prefix', prefix, tarball, '--no-audit', '--no-fund'], {
      cwd: work,
    });
    bin = join(prefix, 'bin', 'acr-lock');
    // The bin's `#!/usr/bin/env node` finds the Node under test first.
    env = { ...process.env, PATH: `${dirname(nodes[major]!)}${delimiter}${process.env.PATH ?? ''}` };
  }, 60_000);

  test('the installed package is the bundle, its notices, the policy schema, README, LICENSE and package.json, nothing else', async () => {
    const installed = join(dirname(dirname(bin)), 'lib', 'node_modules', 'acr-lock');
    const { stdout } = await run('find', [installed, '-type', 'f'], { env });
    const files = stdout
      .trim()
      .split('\n')
      .map((f) => f.slice(installed.length + 1))
      .sort();
    // The CLI bundle is split into an entry and chunks loaded on demand; nothing else ships.
    expect(files.filter((f) => !f.startsWith('dist/cli/chunks/'))).toEqual([
      'LICENSE',
      'README.md',
      'dist/cli/THIRD_PARTY_NOTICES.txt',
      'dist/cli/index.js',
      'package.json',
      'schema/acr-lock.policy.schema.json',
    ]);
    expect(files.filter((f) => f.startsWith('dist/cli/chunks/')).length).toBeGreaterThan(0);
  });

  test('it runs on that Node and locks an image on the emulator', async () => {
    const version = await run(bin, ['--version'], { env });
    expect(version.stdout.trim()).toBe(VERSION);
    const node = await run('node', ['--version'], { env });
    expect(node.stdout.trim().startsWith(`v${major}.`)).toBe(true);

    const { plain } = SAMPLES;
    // The password comes from the environment, as the help advises, not from the command line.
    const apply = (mode: string) =>
      run(bin, ['apply', `${plain.repository}:${plain.tag}`, '--mode', mode, '--registry', emu.loginServer], {
        env: {
          ...env,
          ACR_LOCK_USERNAME: emu.admin.username,
          ACR_LOCK_PASSWORD: emu.admin.password,
          NODE_EXTRA_CA_CERTS: emu.caCertPath,
        },
      });
    const { stdout } = await apply('full-lock');
    expect(stdout).toContain('changed');
    expect(stdout).not.toContain(emu.admin.password);
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W- D- R+ L+');
    expect(manifestState(emu.store, plain.repository, plain.digest)).toBe('W- D- R+ L+');
    // Put it back for the next Node.
    await apply('unlock');
    expect(emu.store.getTag(plain.repository, plain.tag)?.attributes.writeEnabled).toBe(true);
  }, 30_000);
});

test('npx runs it from the tarball without installing it', async () => {
  const { stdout } = await run(npm, ['exec', '--yes', `--package=${tarball}`, '--', 'acr-lock', '--help'], {
    cwd: work,
    env: { ...process.env, PATH: `${dirname(nodes['24']!)}${delimiter}${process.env.PATH ?? ''}` },
  });
  expect(stdout).toMatch(/Usage: acr-lock/);
}, 60_000);
