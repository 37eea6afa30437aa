// sweep, enforce and audit by the CLI bundle in its own process against an emulator in this one,
// seeded with 10,000 tags on 10,000 manifests in one repository and with 100 repositories × 100 tags:
// wall time, reads (listing pages) and writes as the emulator logged them, peak RSS of the CLI process.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildImage, startEmulator, storeBuilt, type RunningEmulator } from '../src/emulator/index.js';
import type { Figures } from './core.js';

const run = promisify(execFile);
const ADMIN = { username: 'admin', password: 'bench-admin-pass' };
/** Reports the CLI process's peak RSS on exit, without touching the CLI. */
const RSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss='+process.resourceUsage().maxRSS+'\\n'))`;

interface Measured {
  readonly wallMs: number;
  readonly reads: number;
  readonly writes: number;
  readonly rssMB: number;
}

async function cli(emu: RunningEmulator, args: string[]): Promise<Measured> {
  emu.clearRequestLog();
  const started = performance.now();
  const { stderr } = await run(
    process.execPath,
    [
      '--import',
      RSS_HOOK,
      'dist/cli/index.js',
      ...args,
      '--registry',
      emu.loginServer,
      '--ca-cert',
      emu.caCertPath,
      '-u',
      ADMIN.username,
      '--concurrency',
      '16',
    ],
    { env: { ...process.env, ACR_LOCK_PASSWORD: ADMIN.password }, maxBuffer: 256 * 1024 * 1024 },
  );
  const wallMs = Math.round(performance.now() - started);
  const rss = Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? 0);
  const log = emu.requestLog;
  return {
    wallMs,
    reads: log.filter((e) => e.kind === 'read').length,
    writes: log.filter((e) => e.kind === 'write').length,
    rssMB: Math.round(rss / 1024),
  };
}

function record(figures: Figures, label: string, m: Measured): void {
  figures[`${label}.wallMs`] = m.wallMs;
  figures[`${label}.reads`] = m.reads;
  figures[`${label}.writes`] = m.writes;
  figures[`${label}.rssMB`] = m.rssMB;
}

/** One repository of `count` tags, each on its own image. */
async function oneRepository(count: number, figures: Figures, label: string, dir: string): Promise<void> {
  const emu = await startEmulator({ seed: false, admin: ADMIN });
  try {
    for (let i = 0; i < count; i += 1)
      storeBuilt(emu.store, 'big', buildImage({ files: { n: String(i) } }), `v${i}`);
    const policy = join(dir, `${label}.yml`);
    await writeFile(policy, 'rules: [{ repositories: big, mode: lock }]\n');
    const first = await cli(emu, ['sweep', '--policy', policy, '--json']);
    record(figures, `${label}.sweep`, first);
    figures[`${label}.sweep.writesPerSecond`] = Math.round((first.writes / first.wallMs) * 1000);
    record(figures, `${label}.rerun`, await cli(emu, ['sweep', '--policy', policy, '--json']));
    record(figures, `${label}.audit`, await cli(emu, ['audit', '--policy', policy, '--format', 'json']));
    const checkpoint = join(dir, `${label}.checkpoint.json`);
    await cli(emu, ['enforce', '--policy', policy, '--checkpoint', checkpoint, '--json']);
    for (let i = 0; i < 100; i += 1)
      storeBuilt(emu.store, 'big', buildImage({ files: { new: String(i) } }), `new${i}`);
    const enforce = await cli(emu, ['enforce', '--policy', policy, '--checkpoint', checkpoint, '--json']);
    record(figures, `${label}.enforce100`, enforce);
    figures[`${label}.enforce100.tagPages`] = emu.requestLog.filter((e) => e.path.endsWith('/_tags')).length;
  } finally {
    await emu.close();
  }
}

export async function benchPolicy(): Promise<Figures> {
  const figures: Figures = {};
  const dir = await mkdtemp(join(tmpdir(), 'acr-lock-bench-policy-'));
  try {
    await oneRepository(10_000, figures, 'tags10k', dir);
    const emu = await startEmulator({ seed: false, admin: ADMIN });
    try {
      for (let r = 0; r < 100; r += 1)
        for (let t = 0; t < 100; t += 1)
          storeBuilt(emu.store, `team/r${r}`, buildImage({ files: { r: String(r), t: String(t) } }), `v${t}`);
      const policy = join(dir, 'many.yml');
      await writeFile(policy, "rules: [{ repositories: 'team/*', mode: lock }]\n");
      record(figures, 'repos100x100.sweep', await cli(emu, ['sweep', '--policy', policy, '--json']));
      record(figures, 'repos100x100.rerun', await cli(emu, ['sweep', '--policy', policy, '--json']));
    } finally {
      await emu.close();
    }
    if (process.env.ACR_LOCK_BENCH_50K) await oneRepository(50_000, figures, 'tags50k', dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return figures;
}
