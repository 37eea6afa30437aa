// Progress: a count line at most every few seconds in a log, a live bar on a terminal; never on stdout,
// which holds the report. Paced by an injected clock, so nothing here depends on real time.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { countLines } from '../../src/core/report/progress.js';
import { SAMPLES } from '../../src/emulator/index.js';
import { readFile } from 'node:fs/promises';
import { cliMain } from '../../src/cli/program.js';
import { emulatorFlags } from './cli-run.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { resetAll, tagState } from '../github/registry-state.js';

describe('countLines', () => {
  test('nothing before the interval has passed, then at most one line per interval', () => {
    let now = 0;
    const lines: string[] = [];
    const report = countLines((l) => lines.push(l), { intervalMs: 5000, now: () => now });
    for (const [at, done] of [
      [1000, 1],
      [4999, 2],
      [5000, 3],
      [7000, 4],
      [10000, 5],
      [10001, 6],
    ] as const) {
      now = at;
      report({ phase: 'writing', done, total: 6, failed: done > 4 ? 1 : 0 });
    }
    expect(lines).toEqual(['acr-lock: writing 3/6 objects', 'acr-lock: writing 5/6 objects, 1 failed']);
  });
});

const ADMIN = { username: 'admin', password: 'Adm1n-pass-Prg2' };
const emu = withEmulator({ admin: ADMIN });
beforeEach(() => resetAll(emu.store));
const refs = [SAMPLES.plain, SAMPLES.multiArch, SAMPLES.signed].map((s) => `${s.repository}:${s.tag}`);

async function cli(extra: { terminalColumns?: number; now: () => number }) {
  let stdout = '';
  let stderr = '';
  const code = await cliMain(['apply', ...refs, ...emulatorFlags(emu)], {
    env: {},
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (p) => readFile(p, 'utf8'),
    ...extra,
  });
  return { code, stdout, stderr };
}

test('in a log: count lines on stderr as the run goes, each a few seconds apart', async () => {
  let now = 0;
  // Each look at the clock is 3 s later: a long run, without waiting for one.
  const run = await cli({ now: () => (now += 3000) });
  expect(run.code).toBe(0);
  const lines = run.stderr.split('\n').filter(Boolean);
  expect(lines.length).toBeGreaterThan(2);
  for (const line of lines)
    expect(line).toMatch(/^acr-lock: (reading \d+\/3 images|writing \d+\/\d+ objects)$/);
  expect(lines.some((l) => l.includes('reading'))).toBe(true);
  expect(lines.some((l) => l.includes('writing'))).toBe(true);
  expect(run.stdout).not.toContain('acr-lock: ');
  expect(tagState(emu.store, SAMPLES.signed.repository, SAMPLES.signed.tag)).toBe('W- D- R+ L+');
});

test('in a log, a short run prints no progress at all', async () => {
  const run = await cli({ now: () => 0 });
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
});

test('on a terminal: a live bar redrawn in place, cleared before the report', async () => {
  let now = 0;
  const run = await cli({ terminalColumns: 100, now: () => (now += 1000) });
  expect(run.code).toBe(0);
  const eraseLine = '\u001B[2K';
  expect(run.stderr).toContain('[########################] reading 3/3 images');
  expect(run.stderr).toMatch(/\[#*-*\] writing \d+\/\d+ objects/);
  expect(run.stderr).toContain(eraseLine);
  // The last thing written is the clearing of the bar: the terminal is left clean for the report.
  const afterLastBar = run.stderr.slice(run.stderr.lastIndexOf('objects') + 'objects'.length);
  expect(afterLastBar).toContain(eraseLine);
  const escapes = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');
  expect(afterLastBar.replace(escapes, '').trim()).toBe('');
  expect(run.stdout).toMatch(/^OBJECT/);
});
