// Runs the CLI as users run it: `node dist/cli/index.js <args>` in its own process, standard input
// piped, with its own HOME (also its working directory) and TMPDIR, so every file it leaves can be read
// back, and nothing of the test process's environment but PATH.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { imdsWithoutIdentity } from '../../github/run-action.js';
import { collectOutput } from '../../helpers/collect-output.js';

export const CLI_BUNDLE = 'dist/cli/index.js';

export interface CliBundleRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The process's own HOME (its working directory) and TMPDIR, left for the test to scan. */
  readonly home: string;
  readonly temp: string;
}

export interface CliBundleOptions {
  /** A directory to make the run's HOME and TMPDIR in. */
  readonly under: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly stdin?: string;
}

export async function runCliBundle(
  args: readonly string[],
  options: CliBundleOptions,
): Promise<CliBundleRun> {
  const run = await mkdtemp(join(options.under, 'cli-run-'));
  const home = join(run, 'home');
  const temp = join(run, 'tmp');
  await Promise.all([mkdir(home), mkdir(temp)]);
  const child = spawn(process.execPath, [join(process.cwd(), CLI_BUNDLE), ...args], {
    cwd: home,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      TMPDIR: temp,
      // An empty Azure CLI profile and a host without a managed identity: nothing of this machine's counts.
      AZURE_CONFIG_DIR: join(home, '.azure'),
      AZURE_POD_IDENTITY_AUTHORITY_HOST: await imdsWithoutIdentity(),
      ...options.env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(options.stdin ?? '');
  const { code, stdout, stderr } = await collectOutput(child);
  return { code, stdout, stderr, home, temp };
}
