// Start-up, side by side on the same machine and load: a bare `node -e 0`, and the whole CLI run (the
// bundle's full lock of a tag and its manifest against the emulator, in a fresh process), alternated so
// both see the same conditions. The ratio is the figure to watch (target: at most 4).
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { startEmulator, SAMPLES } from '../src/emulator/index.js';
import { DEFAULT_ATTRIBUTES } from '../src/core/model/attributes.js';
import { emulatorFlags } from '../__tests__/cli/cli-run.js';
import type { Figures } from './core.js';

const RUNS = 11;
const CLI = 'dist/cli/index.js';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Wall time of one fresh process, spawn to exit; fails on a non-zero exit. */
function timed(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(performance.now() - started)
        : reject(new Error(`${args.join(' ')} exited ${code}`)),
    );
  });
}

/**
 * Bytes of the CLI code a lock with a password loads: the entry, the chunk it starts, and their static
 * imports (the chunks loaded on demand — Entra, the emulator, the progress bar — are not counted).
 */
async function startBytes(): Promise<number> {
  const entry = await readFile(CLI, 'utf8');
  const start = /import\("\.\/(chunks\/start-[^"]+)"\)/.exec(entry)?.[1];
  const files = new Set([CLI]);
  const queue = start ? [join(dirname(CLI), start)] : [];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/from"\.\/([^"]+)"/g)) queue.push(join(dirname(file), m[1] as string));
  }
  let bytes = 0;
  for (const file of files) bytes += (await stat(file)).size;
  return bytes;
}

/** Median wall time of a bare `node -e 0`. */
export async function bareNodeMs(runs = RUNS): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timed(['-e', '0'], { PATH: process.env.PATH }));
  return median(times);
}

export async function benchStartup(): Promise<Figures> {
  const emu = await startEmulator();
  const { repository, tag, digest } = SAMPLES.plain;
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  const args = [CLI, 'apply', `${repository}:${tag}`, ...emulatorFlags(emu)];
  try {
    const bare: number[] = [];
    const cli: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      emu.store.updateTagAttributes(repository, tag, DEFAULT_ATTRIBUTES);
      emu.store.updateManifestAttributes(repository, digest, DEFAULT_ATTRIBUTES);
      bare.push(await timed(['-e', '0'], { PATH: process.env.PATH }));
      cli.push(await timed(args, env));
      const writes = emu.requestLog.filter((r) => r.kind === 'write').length;
      if (writes !== 2) throw new Error(`expected a tag and a manifest written, saw ${writes} writes`);
      emu.clearRequestLog();
    }
    const bareMs = median(bare);
    const cliMs = median(cli);
    return {
      bareNodeMs: Math.round(bareMs),
      cliFullLockMs: Math.round(cliMs),
      cliFullLockOverBareNode: Number((cliMs / bareMs).toFixed(2)),
      cliStartBytes: await startBytes(),
      runs: RUNS,
    };
  } finally {
    await emu.close();
  }
}
