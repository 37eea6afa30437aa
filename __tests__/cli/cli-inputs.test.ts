// The CLI's inputs: --version, repeated list flags, references from a file or standard input, and
// --concurrency, each checked against what the emulator then holds or was asked.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLES } from '../../src/emulator/index.js';
import { VERSION } from '../../src/version.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { manifestState, resetAll, tagState } from '../github/registry-state.js';
import { runCliWith, emulatorFlags } from './cli-run.js';

const ADMIN = { username: 'admin', password: 'Adm1n-pass-Inp9' };
const emu = withEmulator({ admin: ADMIN });
const { plain, multiArch } = SAMPLES;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acr-lock-cli-inputs-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
beforeEach(() => {
  resetAll(emu.store);
  emu.clearRequestLog();
});

const connection = () => emulatorFlags(emu);

interface Report {
  items: Array<{ ref: string; target: string; status: string }>;
}

test('--version prints the version of src/version.ts', async () => {
  for (const flag of ['--version', '-v']) {
    const run = await runCliWith([flag]);
    expect(run).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  }
});

test('a repeated --tag adds to the list instead of keeping the last', async () => {
  const run = await runCliWith([
    'show',
    plain.repository,
    '-t',
    plain.tag,
    '--tag',
    'later',
    ...connection(),
    '--json',
  ]);
  const report = JSON.parse(run.stdout) as Report;
  expect([...new Set(report.items.map((i) => i.target))]).toEqual([
    `${plain.repository}:${plain.tag}`,
    `${plain.repository}:later`,
  ]);
});

describe('references from a file or standard input', () => {
  const listing = [
    '# release images',
    `${plain.repository}:${plain.tag}   # the plain one`,
    '',
    `  ${multiArch.repository}:${multiArch.tag}`,
  ].join('\n');

  test('--from-file: one per line, # comments and blank lines skipped; both images locked', async () => {
    const file = join(dir, 'refs.txt');
    await writeFile(file, listing);
    const run = await runCliWith(['apply', '--from-file', file, ...connection()]);
    expect(run.code).toBe(0);
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W- D- R+ L+');
    expect(manifestState(emu.store, plain.repository, plain.digest)).toBe('W- D- R+ L+');
    expect(tagState(emu.store, multiArch.repository, multiArch.tag)).toBe('W- D- R+ L+');
  });

  test("'-' reads them from standard input, beside references given as arguments", async () => {
    const run = await runCliWith(
      ['show', '-', `${plain.repository}:${plain.tag}`, ...connection(), '--json'],
      {
        stdin: `${multiArch.repository}:${multiArch.tag}\n`,
      },
    );
    const report = JSON.parse(run.stdout) as Report;
    expect([...new Set(report.items.map((i) => i.target))]).toEqual([
      `${plain.repository}:${plain.tag}`,
      `${multiArch.repository}:${multiArch.tag}`,
    ]);
  });

  test('a missing file is a usage error naming --from-file; nothing is sent', async () => {
    const run = await runCliWith(['apply', '--from-file', join(dir, 'absent.txt'), ...connection()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^acr-lock: Option '--from-file': cannot read '.*absent\.txt': ENOENT\n$/);
    expect(emu.requestLog).toEqual([]);
  });

  test('a file with only comments: the image argument is required', async () => {
    const file = join(dir, 'empty.txt');
    await writeFile(file, '# nothing yet\n');
    const run = await runCliWith(['apply', '--from-file', file, ...connection()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("acr-lock: Argument '<image...>': is required");
  });
});

/**
 * The most metadata reads the emulator was serving at one moment. A log entry's start is Date.now()
 * (whole milliseconds) and its duration is finer, so a read that began just after another ended can
 * seem to overlap it by under 1 ms; only a longer overlap counts.
 */
function mostReadsInFlight(): number {
  const reads = emu.requestLog.filter((r) => r.kind === 'read' && r.path.startsWith('/acr/'));
  return Math.max(
    ...reads.map((r) => reads.filter((o) => o.time <= r.time && r.time < o.time + o.durationMs - 1).length),
  );
}

test.each([
  ['1', 1],
  ['4', 3],
])('--concurrency %s: at most that many targets are read at once', async (concurrency, expected) => {
  const refs = [plain, multiArch, SAMPLES.signed].map((s) => `${s.repository}:${s.tag}`);
  const delay = emu.faults.add({
    match: { method: 'GET', path: /^\/acr\/v1\/.*\/_tags\// },
    fault: { kind: 'delay', ms: 60 },
  });
  try {
    const run = await runCliWith(['show', ...refs, ...connection(), '--concurrency', concurrency]);
    expect(run.code).toBe(0);
  } finally {
    delay.remove();
  }
  expect(mostReadsInFlight()).toBe(expected);
});

test("a registry whose CA is not trusted: the error says so and suggests --ca-cert, not Node's flags", async () => {
  const run = await runCliWith([
    'show',
    `${plain.repository}:${plain.tag}`,
    '--registry',
    emu.loginServer,
    '-u',
    ADMIN.username,
    '-p',
    ADMIN.password,
  ]);
  expect(run.code).toBe(1);
  expect(run.stdout).toContain("the registry's TLS certificate is not signed by a CA this run trusts");
  expect(run.stderr).toContain(
    "error: acr-lock: untrusted certificate: The registry's certificate is signed by a CA this machine does not " +
      "trust: give that CA's certificate (PEM file) with --ca-cert <path>.",
  );
  expect(run.stdout + run.stderr).not.toContain('--use-system-ca');
  expect(emu.requestLog).toEqual([]);
});
