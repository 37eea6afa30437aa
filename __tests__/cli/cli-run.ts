// Runs the CLI in process through cliMain, its streams, environment and standard input captured.
import { readFile } from 'node:fs/promises';
import { cliMain } from '../../src/cli/program.js';
import type { RunningEmulator } from '../../src/emulator/index.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  readonly env?: Record<string, string>;
  /** Standard input; reading it when none is given fails the test. */
  readonly stdin?: string;
}

export async function runCliWith(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  let stdinReads = 0;
  const code = await cliMain(args, {
    env: options.env ?? {},
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (p) => readFile(p, 'utf8'),
    readStdin: async () => {
      stdinReads += 1;
      if (options.stdin === undefined || stdinReads > 1) throw new Error('standard input read unexpectedly');
      return options.stdin;
    },
  });
  return { code, stdout, stderr };
}

/** The flags that reach an emulator: its login server, its CA and its admin user. */
export function emulatorFlags(emu: Pick<RunningEmulator, 'loginServer' | 'caCertPath' | 'admin'>): string[] {
  return [
    '--registry',
    emu.loginServer,
    '--ca-cert',
    emu.caCertPath,
    '-u',
    emu.admin.username,
    '-p',
    emu.admin.password,
  ];
}
