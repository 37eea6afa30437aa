// sweep, enforce and audit by the CLI bundle in its own process against an emulator in this one,
// seeded with 10,000 and with 50,000 tags (each on its own manifest) in one repository and with
// 100 repositories × 100 tags: wall time, reads (listing pages) and writes as the emulator logged
// them, peak RSS of the CLI process and the most heap it kept (in use just after a full collection),
// and both at 50,000 tags over the ones at 10,000.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../src/emulator/index.js';
import { BENCH_ADMIN, cliRun, lockPolicy, seedTags, type Measured } from './cli-process.js';
import type { Figures } from './core.js';

/** The runs whose peak RSS is compared between the 10,000- and the 50,000-tag repository. */
const COMPARED = ['sweep', 'rerun', 'audit', 'enforce100'] as const;

function record(figures: Figures, label: string, m: Measured): void {
  figures[`${label}.wallMs`] = m.wallMs;
  figures[`${label}.reads`] = m.reads;
  figures[`${label}.writes`] = m.writes;
  figures[`${label}.rssMB`] = m.rssMB;
  figures[`${label}.liveMB`] = m.liveMB;
}

/** One repository of `count` tags, each on its own image. */
async function oneRepository(count: number, figures: Figures, label: string, dir: string): Promise<void> {
  const emu = await startEmulator({ seed: false, admin: BENCH_ADMIN });
  try {
    const seeding = performance.now();
    seedTags(emu, 'big', count);
    figures[`${label}.seedMs`] = Math.round(performance.now() - seeding);
    const policy = await lockPolicy(dir, label, 'big');
    const first = await cliRun(emu, ['sweep', '--policy', policy, '--json']);
    record(figures, `${label}.sweep`, first);
    figures[`${label}.sweep.writesPerSecond`] = Math.round((first.writes / first.wallMs) * 1000);
    record(figures, `${label}.rerun`, await cliRun(emu, ['sweep', '--policy', policy, '--json']));
    record(figures, `${label}.audit`, await cliRun(emu, ['audit', '--policy', policy, '--format', 'json']));
    const checkpoint = join(dir, `${label}.checkpoint.json`);
    await cliRun(emu, ['enforce', '--policy', policy, '--checkpoint', checkpoint, '--json']);
    seedTags(emu, 'big', 100, 'new');
    const enforce = await cliRun(emu, ['enforce', '--policy', policy, '--checkpoint', checkpoint, '--json']);
    record(figures, `${label}.enforce100`, enforce);
    // Pages of 1,000 newest first: the 100 new tags and the mark are on the first page of each listing.
    figures[`${label}.enforce100.tagPages`] = emu.requestLog.filter((e) => e.path.endsWith('/_tags')).length;
    figures[`${label}.enforce100.manifestPages`] = emu.requestLog.filter((e) =>
      e.path.endsWith('/_manifests'),
    ).length;
  } finally {
    await emu.close();
  }
}

export async function benchPolicy(): Promise<Figures> {
  const figures: Figures = {};
  const dir = await mkdtemp(join(tmpdir(), 'acr-lock-bench-policy-'));
  try {
    await oneRepository(10_000, figures, 'tags10k', dir);
    const emu = await startEmulator({ seed: false, admin: BENCH_ADMIN });
    try {
      for (let r = 0; r < 100; r += 1) seedTags(emu, `team/r${r}`, 100);
      const policy = await lockPolicy(dir, 'many', 'team/*');
      record(figures, 'repos100x100.sweep', await cliRun(emu, ['sweep', '--policy', policy, '--json']));
      record(figures, 'repos100x100.rerun', await cliRun(emu, ['sweep', '--policy', policy, '--json']));
    } finally {
      await emu.close();
    }
    // By default: the emulator answers a page or a write in about the same time at any repository
    // size, so the 50,000-tag repository costs about five times the 10,000-tag one (a minute here).
    await oneRepository(50_000, figures, 'tags50k', dir);
    for (const run of COMPARED) {
      for (const [measure, name] of [
        ['rssMB', 'rssRatio50kTo10k'],
        ['liveMB', 'liveRatio50kTo10k'],
      ] as const) {
        const ratio =
          (figures[`tags50k.${run}.${measure}`] ?? 0) / (figures[`tags10k.${run}.${measure}`] ?? 1);
        figures[`${name}.${run}`] = Number(ratio.toFixed(2));
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return figures;
}
