// One full-lock of a tag + manifest by the CLI bundle in a fresh process, then the idempotent re-run:
// HTTP requests by kind as the emulator logged them, and wall time.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startEmulator, SAMPLES, type RequestLogEntry } from '../src/emulator/index.js';

const run = promisify(execFile);

export type Figures = Record<string, number>;

function count(log: readonly RequestLogEntry[], kind: RequestLogEntry['kind']): number {
  return log.filter((r) => r.kind === kind).length;
}

export async function benchCore(): Promise<Figures> {
  const emu = await startEmulator({ seed: true });
  try {
    const { repository, tag } = SAMPLES.plain;
    const args = [
      'dist/cli/index.js',
      'apply',
      `${repository}:${tag}`,
      '--registry',
      emu.loginServer,
      '--username',
      emu.admin.username,
      '--password',
      emu.admin.password,
      '--ca-cert',
      emu.caCertPath,
    ];
    const figures: Figures = {};
    for (const phase of ['cold', 'rerun'] as const) {
      emu.clearRequestLog();
      const started = performance.now();
      await run(process.execPath, args);
      figures[`${phase}.wallMs`] = Math.round(performance.now() - started);
      const log = [...emu.requestLog];
      figures[`${phase}.auth`] = count(log, 'auth');
      figures[`${phase}.challenge`] = count(log, 'challenge');
      figures[`${phase}.read`] = count(log, 'read');
      figures[`${phase}.write`] = count(log, 'write');
    }
    return figures;
  } finally {
    await emu.close();
  }
}
