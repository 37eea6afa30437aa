// The CLI shell: in process through cliMain (streams captured), and once as the shipped bundle.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { startEmulator, SAMPLES, type RunningEmulator } from '../../src/emulator/index.js';
import { cliMain } from '../../src/cli/program.js';
import { emulatorFlags } from './cli-run.js';
import { DEFAULT_ATTRIBUTES } from '../../src/core/model/attributes.js';
import { INPUT_NAMES, type InputName } from '../../src/core/settings/input-names.js';
import { INPUT_TABLE } from '../../src/core/settings/input-table.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ admin: { username: 'admin', password: 'S3cret-admin-pass' } });
});
afterAll(() => emu.close());
beforeEach(() => {
  for (const tag of emu.store.listTags(plain.repository))
    emu.store.updateTagAttributes(plain.repository, tag.name, DEFAULT_ATTRIBUTES);
  for (const m of emu.store.listManifests(plain.repository))
    emu.store.updateManifestAttributes(plain.repository, m.digest, DEFAULT_ATTRIBUTES);
  emu.clearRequestLog();
});

const { plain } = SAMPLES;
const image = `${SAMPLES.plain.repository}:${SAMPLES.plain.tag}`;

const connection = () => emulatorFlags(emu);

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const withRegistry =
    ['apply', 'show', 'verify'].includes(args[0] ?? '') && !args.includes('--registry')
      ? [...args, ...connection()]
      : args;
  const code = await cliMain(withRegistry, {
    env: {},
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (p) => readFile(p, 'utf8'),
  });
  return { code, stdout, stderr };
}

describe('acr-lock CLI', () => {
  test('apply prints the before/after table and locks tag and manifest; the password never appears', async () => {
    const { code, stdout, stderr } = await cli('apply', image, '--mode', 'lock');
    expect(code).toBe(0);
    expect(stdout).toMatch(/OBJECT\s+WHAT\s+DIGEST\s+BEFORE\s+AFTER\s+STATUS/);
    expect(stdout).toContain('W+ D+ R+ L+  W- D- R+ L+  changed');
    expect(emu.store.getTag(plain.repository, plain.tag)?.attributes).toMatchObject({
      writeEnabled: false,
      deleteEnabled: false,
    });
    expect(emu.store.getManifest(plain.repository, plain.digest)?.attributes).toMatchObject({
      writeEnabled: false,
    });
    expect(stdout + stderr).not.toContain(emu.admin.password);
  });

  test('--json prints the report, --dry-run writes nothing', async () => {
    const { code, stdout } = await cli('apply', image, '--dry-run', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { action: string; items: Array<{ status: string }> };
    expect(report.action).toBe('dry-run');
    expect(report.items.map((i) => i.status)).toEqual(['would-change', 'would-change']);
    expect(emu.store.getTag(plain.repository, plain.tag)?.attributes.writeEnabled).toBe(true);
  });

  test('verify exits 1 while the image is not locked, 0 once it is', async () => {
    expect((await cli('verify', image)).code).toBe(1);
    await cli('apply', image);
    expect((await cli('verify', image)).code).toBe(0);
  });

  test.each([
    [['apply', 'samples/hello:'], "Argument '<image...>'"],
    [['apply', 'Samples/hello:1.0'], "Argument '<image...>'"],
    [['apply', image, '--mode', 'freeze'], "Option '--mode': 'freeze'"],
    [['apply', image, '--write-enabled', 'maybe'], "Option '--write-enabled'"],
    [
      ['apply', image, '--mode', 'custom'],
      "Option '--mode': 'custom' needs at least one of --write-enabled, --delete-enabled, --read-enabled, --list-enabled",
    ],
    [['apply', 'samples/hello'], 'add --tag, write samples/hello:<tag>'],
    [['apply', image, '--cloud', 'Mars'], "Option '--cloud'"],
    [
      ['apply', 'samples/hello', '--scope', 'repository', '-t', '1'],
      'is not allowed with --scope repository',
    ],
    [
      ['apply', image, '--concurrency', '0'],
      "Option '--concurrency': '0' — expected a whole number from 1 to 64",
    ],
  ])('usage error %j: exit 2, names the flag, sends nothing', async (args, named) => {
    const { code, stderr } = await cli(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(named);
    expect(stderr).not.toContain("Input '");
    expect(emu.requestLog).toHaveLength(0);
  });

  test('--anonymous is refused for apply, and with credentials, before any request', async () => {
    for (const args of [
      ['apply', image, '--registry', emu.loginServer, '--anonymous'],
      ['show', image, '--anonymous'],
    ]) {
      const { code, stderr } = await cli(...args);
      expect(code).toBe(2);
      expect(stderr).toMatch(/anonymous|acr-lock show/i);
    }
    expect(emu.requestLog).toHaveLength(0);
  });

  test('unknown option: usage error; --help: exit 0', async () => {
    expect((await cli('apply', image, '--frobnicate')).code).toBe(2);
    const help = await cli('apply', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--no-lock-manifest');
  });

  test('the shipped bundle runs on this Node and exits with the run status', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, [
      'dist/cli/index.js',
      'show',
      image,
      ...connection(),
      '--json',
    ]);
    expect(JSON.parse(stdout).items[0].before).toEqual(DEFAULT_ATTRIBUTES);
  });
});

describe('acr-lock emulator', () => {
  test('runs standalone, prints how to reach it, serves the CLI, and stops on SIGTERM', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['dist/cli/index.js', 'emulator', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let banner = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        banner += chunk.toString();
        if (banner.includes('Ctrl+C')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`emulator exited early with ${code}`)));
    });
    const field = (name: string) => new RegExp(`${name}\\s*: (\\S+)`).exec(banner)?.[1] ?? '';
    let stdout = '';
    const code = await cliMain(
      [
        'show',
        `${plain.repository}:${plain.tag}`,
        '--registry',
        field('Login server'),
        '--ca-cert',
        field('CA file'),
        '-u',
        field('Admin user'),
        '-p',
        field('Password'),
        '--json',
      ],
      {
        env: {},
        stdout: (t) => (stdout += t),
        stderr: () => undefined,
        readFile: (p) => readFile(p, 'utf8'),
      },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).digests).toEqual({ [`${plain.repository}:${plain.tag}`]: plain.digest });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  test('a port that is not a number is a usage error', async () => {
    const { code, stderr } = await cli('emulator', '--port', 'eighty');
    expect(code).toBe(2);
    expect(stderr).toContain("Input 'port'");
  });
});

describe('CLI flags against the declared inputs', () => {
  // The CLI spells a few inputs its own way: the image is the argument, the action is the command.
  const SPELLING: Partial<Record<InputName, string | null>> = {
    image: null,
    action: null,
    'lock-mode': '--mode',
    'lock-manifest': '--no-lock-manifest',
    'max-concurrency': '--concurrency',
  };

  // Lock commands take the lock inputs, sweep/enforce/audit the policy inputs, verify also a selection's
  // (policy, repository, include, exclude, older-than); every command takes the rest.
  test.each([
    ['apply', ['lock']],
    ['show', ['lock']],
    ['verify', ['lock', 'selection']],
    ['sweep', ['policy', 'selection']],
    ['enforce', ['policy', 'selection']],
    ['audit', ['policy', 'selection']],
  ] as const)('%s offers a flag for every input of its commands, and no other', async (command, groups) => {
    const { stdout } = await cli(command, '--help');
    for (const name of INPUT_NAMES) {
      const flag = name in SPELLING ? SPELLING[name] : `--${name}`;
      const only = INPUT_TABLE[name].for;
      if (!flag) continue;
      if (only === undefined || (groups as readonly string[]).includes(only)) expect(stdout).toContain(flag);
      else expect(stdout).not.toMatch(new RegExp(`${flag}(?![\\w-])`));
    }
  });

  test('verify takes a selection as sweep does, not what only writing or auditing needs', async () => {
    const { stdout } = await cli('verify', '--help');
    for (const flag of [
      '--policy <file>',
      '--repository <pattern>',
      '--include <pattern>',
      '--exclude <pattern>',
      '--older-than <age>',
    ])
      expect(stdout).toContain(flag);
    for (const flag of [
      '--allow-bulk-unlock',
      '--checkpoint',
      '--fail-on-findings',
      '--max-writes-per-minute',
      '--dry-run',
    ])
      expect(stdout).not.toContain(flag);
  });
});
