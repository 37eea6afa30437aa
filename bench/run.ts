// `npm run bench`: figures, not pass/fail. Writes bench/results/latest.json and prints a table.
import { mkdir, writeFile } from 'node:fs/promises';
import { benchAction } from './action.js';
import { benchCore, type Figures } from './core.js';
import { benchPolicy } from './policy.js';
import { benchRateLimit } from './rate-limit.js';
import { benchSoak } from './soak.js';
import { benchStartup } from './startup.js';
import { benchSupplyChain } from './supply-chain.js';
import { benchTask } from './task.js';

const suites: Array<[string, () => Promise<Figures>]> = [
  ['start-up', benchStartup],
  ['core', benchCore],
  ['GitHub action', benchAction],
  ['Azure DevOps task', benchTask],
  ['supply chain', benchSupplyChain],
  ['soak (2,000 refs, 10% 429, 2% 5xx, 1% drops)', benchSoak],
  ['policy (sweep, enforce, audit)', benchPolicy],
  ['rate limit (sweep under the Standard tier)', benchRateLimit],
];

const results: Record<string, Figures> = {};
for (const [name, bench] of suites) results[name] = await bench();

// Each shell's cold start over a bare Node start on the same machine (issue target for the CLI: 4).
const bare = results['start-up']?.bareNodeMs;
if (bare) {
  for (const shell of ['GitHub action', 'Azure DevOps task']) {
    const coldStart = results[shell]?.coldStartToFirstRequestMs;
    if (coldStart !== undefined && results[shell])
      results[shell].coldStartToFirstRequestOverBareNode = Number((coldStart / bare).toFixed(2));
  }
}

const machine = {
  node: process.version,
  cpus: (await import('node:os')).cpus().length,
  date: new Date().toISOString(),
};
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/latest.json', import.meta.url),
  JSON.stringify({ machine, results }, null, 2) + '\n',
);

const rows = Object.entries(results).flatMap(([suite, figures]) =>
  Object.entries(figures).map(([k, v]) => [suite, k, String(v)]),
);
const widths = [0, 1, 2].map((i) =>
  Math.max(...rows.map((r) => r[i]!.length), ['suite', 'figure', 'value'][i]!.length),
);
const line = (r: string[]) =>
  r.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
console.log(line(['suite', 'figure', 'value']));
for (const row of rows) console.log(line(row));
console.log(`\n${JSON.stringify(machine)} — bench/results/latest.json`);
