import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { EmulatorEnvironment } from '../../../src/emulator/index.js';

/** `acr-lock` run from source, as `acr-lock emulator …` runs once bundled. */
export const CLI_MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

export interface StandaloneProcess {
  child: ChildProcess;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** From the `--json` first line (started with `--json` unless `output` says otherwise). */
  env: EmulatorEnvironment & { port: number };
  /** `url` and `caCertPem` for the https-client helpers, with the local URL. */
  client: { url: string; caCertPem: string };
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `acr-lock emulator ARGS` to the end (for flags that must make it fail). */
export function runToExit(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI_MAIN, 'emulator', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Starts `acr-lock emulator --json ARGS` and waits for its first line. `ready` says when the
 * output is complete enough (default: the JSON line has arrived).
 */
export async function startStandalone(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; json?: boolean; ready?: (stdout: string) => boolean } = {},
): Promise<StandaloneProcess> {
  const json = options.json ?? true;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI_MAIN, 'emulator', ...(json ? ['--json'] : []), ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } },
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = options.ready ?? ((out: string) => out.includes('\n'));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`emulator not ready in time: ${stdout} ${stderr}`)),
      30_000,
    );
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (ready(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited early (${code}): ${stderr}`));
    });
  });
  const parsed = json
    ? (JSON.parse(stdout.split('\n')[0] ?? '{}') as EmulatorEnvironment & { port: number })
    : ({} as EmulatorEnvironment & { port: number });
  const caCertPem = json ? await readFile(parsed.ACR_EMULATOR_CA_FILE, 'utf8') : '';
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    env: parsed,
    client: { url: `https://localhost:${parsed.port}`, caCertPem },
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
