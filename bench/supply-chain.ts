// The request budget of a whole supply chain: `apply --include-referrers` of a signed multi-arch image
// (2 platforms, each with an SBOM and a signature, each SBOM signed, the index signed by cosign through
// its tag) by the CLI bundle in a fresh process: cold, the re-run, and the unlock. Requests by kind and
// by route as the emulator logged them; wall time is the median of several runs.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startEmulator, type RequestLogEntry, type RunningEmulator } from '../src/emulator/index.js';
import { resetAttributes, seedChain } from '../__tests__/supply-chain/support/chain.js';
import type { Figures } from './core.js';

const run = promisify(execFile);
const RUNS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Which request it was, from its route: the budget's terms. */
function route(entry: RequestLogEntry): string {
  if (entry.kind === 'auth' || entry.kind === 'challenge') return entry.kind;
  if (entry.path.includes('/referrers/')) return 'read.referrersPage';
  if (entry.path.includes('/_manifests/')) return 'read.manifest';
  if (entry.path.includes('/_tags/')) return 'read.tag';
  if (entry.path.endsWith('/_tags')) return 'read.tagListPage';
  if (entry.path.startsWith('/acr/v1/')) return 'read.repository';
  return 'read.other';
}

function tally(log: readonly RequestLogEntry[], label: string, figures: Figures): void {
  for (const entry of log.filter((r) => r.kind !== 'write')) {
    const key = `${label}.${route(entry)}`;
    figures[key] = (figures[key] ?? 0) + 1;
  }
  figures[`${label}.reads`] = log.filter((r) => r.kind === 'read').length;
  figures[`${label}.writes`] = log.filter((r) => r.kind === 'write').length;
}

async function apply(emu: RunningEmulator, image: string, mode: string): Promise<number> {
  const started = performance.now();
  await run(
    process.execPath,
    [
      'dist/cli/index.js',
      'apply',
      image,
      '--include-referrers',
      '--mode',
      mode,
      '--registry',
      emu.loginServer,
      '--ca-cert',
      emu.caCertPath,
    ],
    {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ACR_LOCK_USERNAME: emu.admin.username,
        ACR_LOCK_PASSWORD: emu.admin.password,
      },
    },
  );
  return performance.now() - started;
}

export async function benchSupplyChain(): Promise<Figures> {
  const emu = await startEmulator({ seed: false });
  try {
    const chain = seedChain(emu.store, 'bench/signed');
    const image = `${chain.repository}:${chain.tag}`;
    const figures: Figures = {
      'tree.manifests': chain.manifests.length,
      'tree.tags': chain.tags.length,
    };
    const walls: Record<'cold' | 'rerun' | 'unlock', number[]> = { cold: [], rerun: [], unlock: [] };
    for (let i = 0; i < RUNS; i++) {
      resetAttributes(emu.store);
      for (const [phase, mode] of [
        ['cold', 'full-lock'],
        ['rerun', 'full-lock'],
        ['unlock', 'unlock'],
      ] as const) {
        emu.clearRequestLog();
        walls[phase].push(await apply(emu, image, mode));
        if (i === 0) tally(emu.requestLog, phase, figures);
      }
    }
    for (const phase of ['cold', 'rerun', 'unlock'] as const)
      figures[`${phase}.wallMs`] = Math.round(median(walls[phase]));
    return figures;
  } finally {
    await emu.close();
  }
}
