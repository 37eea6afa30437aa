// The process each shell runs in (the bundles as the runner, the agent and a user start them) keeps
// V8's young generation at its start size, however long the run: a probe loaded before the entry
// allocates, at exit, what a long sweep does (short-lived objects, a few surviving each collection)
// and reports how large the young generation got. A bare Node is the control: there it grows.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { resolve, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** At exit: 1.5 million small objects, 10,000–20,000 of them alive at any time; then the young generation's size. */
const PROBE = `data:text/javascript,${encodeURIComponent(`
import { getHeapSpaceStatistics } from 'node:v8';
const youngMB = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
process.on('exit', () => {
  const start = youngMB();
  const alive = [];
  for (let i = 0; i < 1.5e6; i += 1) {
    alive.push({ name: 'v' + i, digest: [i, i + 1] });
    if (alive.length > 20000) alive.splice(0, 10000);
  }
  process.stderr.write('young=' + start + ':' + youngMB() + '\\n');
});
`)}`;

/** The young generation's size in MB when the probe began, and when it ended. */
async function youngGeneration(args: readonly string[]): Promise<{ start: number; end: number }> {
  // Elsewhere than the checkout: the task library leaves a .taskkey file where it runs.
  const result = await run(process.execPath, ['--import', PROBE, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '' },
  }).catch((error: { stderr?: string }) => ({ stderr: error.stderr ?? '' }));
  const found = /young=([\d.]+):([\d.]+)/.exec(result.stderr);
  if (!found) throw new Error(`the probe reported nothing:\n${result.stderr}`);
  return { start: Number(found[1]), end: Number(found[2]) };
}

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'acr-lock-heap-growth-'));
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

describe('the young generation of a shell process', () => {
  it('grows under that load in a bare Node (the control)', async () => {
    const { start, end } = await youngGeneration(['--input-type=module', '--eval', '']);
    expect(end).toBeGreaterThanOrEqual(start * 4);
  });

  it.each([
    ['the CLI', [resolve('dist/cli/index.js'), '--version']],
    ['the action', [resolve('dist/action/index.js')]],
    ['the task', [resolve('dist/task/index.js')]],
  ])('stays at its start size in %s', async (_shell, args) => {
    const { start, end } = await youngGeneration(args);
    expect(end).toBe(start);
  });
});
