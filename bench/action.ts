// The GitHub Action's figures: bundle size, cold start of `node dist/action/index.js` to its first
// registry request (spawn time vs the emulator's request log), and end-to-end time of one full-lock
// of a tag + manifest. Each timing is the median of a few runs in fresh processes, as the runner runs it.
import { stat } from 'node:fs/promises';
import { startEmulator, SAMPLES } from '../src/emulator/index.js';
import { BUNDLE, runAction } from '../__tests__/github/run-action.js';
import { resetAll } from '../__tests__/github/registry-state.js';

const RUNS = 5;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export async function benchAction(): Promise<Record<string, number>> {
  const emu = await startEmulator();
  try {
    const inputs = {
      image: `${SAMPLES.plain.repository}:${SAMPLES.plain.tag}`,
      'lock-mode': 'full-lock',
      registry: emu.loginServer,
      username: emu.admin.username,
      password: emu.admin.password,
      'ca-cert': emu.caCertPath,
    };
    const coldStart: number[] = [];
    const fullLock: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      resetAll(emu.store);
      emu.clearRequestLog();
      const run = await runAction({ inputs });
      const first = emu.requestLog[0];
      if (run.code !== 0 || !first) throw new Error(`the action failed: ${run.stdout}${run.stderr}`);
      coldStart.push(first.time - run.spawnedAt);
      fullLock.push(run.exitedAt - run.spawnedAt);
    }
    return {
      bundleBytes: (await stat(BUNDLE)).size,
      coldStartToFirstRequestMs: median(coldStart),
      fullLockEndToEndMs: median(fullLock),
      runs: RUNS,
    };
  } finally {
    await emu.close();
  }
}
