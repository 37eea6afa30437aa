// In a run over a selection (sweep, enforce, audit, verify of a selection), the process each shell runs
// in (the bundles as the runner, the agent and a user start them) keeps V8's young generation at its
// start size, however long the run, and collects its heap in full every second and whenever it holds
// 4 MB more (heap and buffers) than after the last collection; a lock run keeps V8's defaults (its
// start is not slowed). A probe loaded before the entry keeps the process 1.5 s longer
// once the run is over, counting the full collections asked for (forced); in that time it takes 16 MB
// of buffers twice, 500 ms apart, and counts the forced collections within 400 ms of each (the 1-second timer
// alone cannot give one after each: it starts again at every collection). It then allocates, at exit,
// what a long sweep does (short-lived objects, a few surviving each collection) and reports how large
// the young generation got. Each run here ends at its first input error, before any request: what is
// tested is the process, not the run.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { resolve, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** At exit: 1.5 million small objects, 10,000–20,000 of them alive at any time; then the young generation's size. */
const PROBE = `data:text/javascript,${encodeURIComponent(`
import { getHeapSpaceStatistics } from 'node:v8';
import { PerformanceObserver, constants } from 'node:perf_hooks';
const youngMB = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
const forcedAt = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR && entry.detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED)
      forcedAt.push(entry.startTime);
}).observe({ entryTypes: ['gc'] });
const taken = [];
const takenAt = [];
const take = () => {
  taken.push(Buffer.alloc(16 * 1048576, 1));
  takenAt.push(performance.now());
};
let waited = false;
process.on('beforeExit', () => {
  if (!waited) {
    setTimeout(() => undefined, 1500);
    take();
    setTimeout(take, 500);
  }
  waited = true;
});
process.on('exit', () => {
  const start = youngMB();
  const alive = [];
  for (let i = 0; i < 1.5e6; i += 1) {
    alive.push({ name: 'v' + i, digest: [i, i + 1] });
    if (alive.length > 20000) alive.splice(0, 10000);
  }
  const soon = takenAt.map((t) => forcedAt.filter((f) => f >= t && f < t + 400).length);
  process.stderr.write('young=' + start + ':' + youngMB() + ' forced=' + forcedAt.length + ' soon=' + soon.join(',') + '\\n');
});
`)}`;

/**
 * The young generation's size in MB when the probe began and when it ended; the full collections
 * forced, and how many came within 400 ms of each of the probe's two 16 MB rises.
 */
async function youngGeneration(
  args: readonly string[],
  inputs: Record<string, string> = {},
): Promise<{ start: number; end: number; forced: number; soon: number[] }> {
  // Elsewhere than the checkout: the task library leaves a .taskkey file where it runs.
  const result = await run(process.execPath, ['--import', PROBE, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...inputs },
  }).catch((error: { stderr?: string }) => ({ stderr: error.stderr ?? '' }));
  const found = /young=([\d.]+):([\d.]+) forced=(\d+) soon=(\d+),(\d+)/.exec(result.stderr);
  if (!found) throw new Error(`the probe reported nothing:\n${result.stderr}`);
  return {
    start: Number(found[1]),
    end: Number(found[2]),
    forced: Number(found[3]),
    soon: [Number(found[4]), Number(found[5])],
  };
}

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'acr-lock-heap-growth-'));
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

describe('the young generation of a shell process', () => {
  /** How large the young generation gets under the probe's load with V8's defaults (a bare Node). */
  let defaultMB: number;
  beforeAll(async () => {
    ({ end: defaultMB } = await youngGeneration(['--input-type=module', '--eval', '']));
  });

  it("grows under the probe's load in a bare Node (the control)", async () => {
    const { start } = await youngGeneration(['--input-type=module', '--eval', '']);
    expect(defaultMB).toBeGreaterThanOrEqual(start * 8);
  });

  const CLI = resolve('dist/cli/index.js');
  const ACTION = resolve('dist/action/index.js');
  const TASK = resolve('dist/task/index.js');
  /** A Docker registry service connection as the agent hands it over: the task reads its inputs next. */
  const CONNECTION = {
    INPUT_DOCKERREGISTRYSERVICECONNECTION: 'conn',
    ENDPOINT_URL_conn: 'https://reg.example',
    ENDPOINT_AUTH_conn: JSON.stringify({
      scheme: 'UsernamePassword',
      parameters: { registry: 'https://reg.example', username: 'user', password: 'pw' },
    }),
  };

  it.each([
    ['the CLI', [CLI, 'sweep'], {}],
    ['the action', [ACTION], { INPUT_ACTION: 'sweep' }],
    ['the task', [TASK], { ...CONNECTION, INPUT_ACTION: 'sweep' }],
  ])(
    'stays at its start size in %s over a selection, collected in full every second and on each 4 MB it holds more',
    async (_shell, args, inputs) => {
      // V8 still resizes now and then (1 run in 15 here ended at twice its start), never as far.
      const { end, forced, soon } = await youngGeneration(args, inputs);
      expect(end).toBeLessThanOrEqual(defaultMB / 4);
      expect(forced).toBeGreaterThanOrEqual(2);
      expect(soon).toEqual([1, 1]);
    },
  );

  it.each([
    ['the CLI', [CLI, 'apply', 'reg.example/app:1'], {}],
    ['the action', [ACTION], { INPUT_ACTION: 'lock' }],
    ['the task', [TASK], { ...CONNECTION, INPUT_ACTION: 'lock' }],
  ])('grows as V8 sizes it in %s for a lock, and nothing collects but V8', async (_shell, args, inputs) => {
    const { end, forced, soon } = await youngGeneration(args, inputs);
    expect(end).toBeGreaterThan(defaultMB / 2);
    expect(forced).toBe(0);
    expect(soon).toEqual([0, 0]);
  });
});
