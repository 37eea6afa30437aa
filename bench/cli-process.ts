// Runs the CLI bundle in its own process against an emulator in this one, measuring what the issue
// asks of a run: wall time, reads and writes as the emulator logged them, peak RSS of the CLI process.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildImage, storeBuilt, type RunningEmulator } from '../src/emulator/index.js';

const run = promisify(execFile);
export const BENCH_ADMIN = { username: 'admin', password: 'bench-admin-pass' };
/**
 * Reports, on exit and without touching the CLI, the CLI process's peak RSS and the most heap it had
 * in use just after a full collection (what it kept, as opposed to what V8 had not yet collected); a
 * run too short to have had one gets one at exit (with bounded young generation a 10,000-tag re-run
 * had none, and reported 0).
 * Linux's VmHWM, not `resourceUsage().maxRSS`: the latter keeps the high-water mark from before exec,
 * that is, of the fork of this process holding the emulator's registry (at 50,000 tags it read 430 MB
 * for a run whose own peak was 140 MB). maxRSS only where /proc is absent.
 */
const MEMORY_HOOK_SOURCE = `
import { readFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
let live = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)
      live = Math.max(live, getHeapStatistics().used_heap_size);
}).observe({ entryTypes: ['gc'] });
process.on('exit', () => {
  if (live === 0) {
    setFlagsFromString('--expose-gc');
    runInNewContext('gc')();
    live = getHeapStatistics().used_heap_size;
  }
  let rss = process.resourceUsage().maxRSS;
  try {
    rss = Number(/VmHWM:\\s*(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
  } catch {}
  process.stderr.write('maxrss=' + rss + ' live=' + live + '\\n');
});
`;
const MEMORY_HOOK = `data:text/javascript,${encodeURIComponent(MEMORY_HOOK_SOURCE)}`;

/** Tags `<prefix>0` … in `repository`, each on an image of its own; returns their digests in order. */
export function seedTags(emu: RunningEmulator, repository: string, count: number, prefix = 'v'): string[] {
  const digests: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const image = buildImage({ files: { tag: `${repository}:${prefix}${i}` } });
    storeBuilt(emu.store, repository, image, `${prefix}${i}`);
    digests.push(image.digest);
  }
  return digests;
}

/** Writes `<dir>/<name>.yml`, a policy that locks `repositories` (a name or a pattern); returns its path. */
export async function lockPolicy(dir: string, name: string, repositories: string): Promise<string> {
  const policy = join(dir, `${name}.yml`);
  await writeFile(policy, `rules: [{ repositories: ${JSON.stringify(repositories)}, mode: lock }]\n`);
  return policy;
}

export interface Measured {
  readonly wallMs: number;
  readonly reads: number;
  readonly writes: number;
  readonly rssMB: number;
  /** The most heap in use just after a full collection. */
  readonly liveMB: number;
  /** The CLI's standard output (the report). */
  readonly stdout: string;
}

/** `acr-lock <args>` as admin over the emulator's CA, `--concurrency 16` unless `args` says otherwise. */
export async function cliRun(emu: RunningEmulator, args: readonly string[]): Promise<Measured> {
  emu.clearRequestLog();
  const started = performance.now();
  const { stdout, stderr } = await run(
    process.execPath,
    [
      '--import',
      MEMORY_HOOK,
      'dist/cli/index.js',
      ...args,
      '--registry',
      emu.loginServer,
      '--ca-cert',
      emu.caCertPath,
      '-u',
      BENCH_ADMIN.username,
      ...(args.includes('--concurrency') ? [] : ['--concurrency', '16']),
    ],
    { env: { ...process.env, ACR_LOCK_PASSWORD: BENCH_ADMIN.password }, maxBuffer: 256 * 1024 * 1024 },
  );
  const wallMs = Math.round(performance.now() - started);
  const rss = Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? 0);
  const live = Number(/ live=(\d+)/.exec(stderr)?.[1] ?? 0);
  const log = emu.requestLog;
  return {
    wallMs,
    reads: log.filter((e) => e.kind === 'read').length,
    writes: log.filter((e) => e.kind === 'write').length,
    rssMB: Math.round(rss / 1024),
    liveMB: Math.round(live / 1024 / 1024),
    stdout,
  };
}
