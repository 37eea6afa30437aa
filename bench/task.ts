// The Azure DevOps task's figures: the .vsix and its bundle, packaging time, and the task run from the
// unpacked .vsix as the agent runs it (a Docker registry service connection against the emulator):
// start-up to its result on bad input (no request), cold start to the first registry request, and one
// full-lock of a tag + manifest end to end. Timings are medians of a few fresh processes.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmulator, SAMPLES } from '../src/emulator/index.js';
import { packagedTask, runTask, type AgentEndpoint } from '../__tests__/azdo/run-task.js';
import { resetAll } from '../__tests__/github/registry-state.js';

const RUNS = 5;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export async function benchTask(): Promise<Record<string, number>> {
  const task = await packagedTask();
  const emu = await startEmulator();
  try {
    const connection: AgentEndpoint = {
      id: '0d5c8a61-7d8e-4f0b-9a0e-3c1f2b4a5d6e',
      url: `https://${emu.loginServer}`,
      scheme: 'UsernamePassword',
      parameters: { registry: emu.loginServer, username: emu.admin.username, password: emu.admin.password },
      data: { registrytype: 'Others' },
    };
    const inputs = {
      dockerRegistryServiceConnection: connection.id,
      image: `${SAMPLES.plain.repository}:${SAMPLES.plain.tag}`,
      lockMode: 'full-lock',
      caCert: emu.caCertPath,
    };
    const startup: number[] = [];
    const coldStart: number[] = [];
    const fullLock: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const bad = await runTask({ inputs: { ...inputs, lockMode: 'frozen' }, endpoints: [connection] });
      if (bad.result?.result !== 'Failed' || emu.requestLog.length > 0)
        throw new Error('bad input was not refused');
      startup.push(bad.exitedAt - bad.spawnedAt);

      resetAll(emu.store);
      emu.clearRequestLog();
      const run = await runTask({ inputs, endpoints: [connection] });
      const first = emu.requestLog[0];
      if (run.result?.result !== 'Succeeded' || !first)
        throw new Error(`the task failed: ${run.stdout}${run.stderr}`);
      coldStart.push(first.time - run.spawnedAt);
      fullLock.push(run.exitedAt - run.spawnedAt);
      emu.clearRequestLog();
    }
    return {
      vsixBytes: task.vsixBytes,
      bundleBytes: (await stat(join(task.taskDir, 'index.js'))).size,
      packagingMs: task.packagingMs,
      startupToResultMs: median(startup),
      coldStartToFirstRequestMs: median(coldStart),
      fullLockEndToEndMs: median(fullLock),
      runs: RUNS,
    };
  } finally {
    await emu.close();
  }
}
