import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from './skopeo.js';

/**
 * The Azure CLI (Debian's `azure-cli`) against an emulator. `az acr` builds the login server as
 * `<registry name><cloud's ACR suffix>`, so each emulator gets its own config directory with a
 * registered cloud whose ACR suffix is `:<port>`: `-n localhost` then means `localhost:<port>`.
 * TLS trust comes from REQUESTS_CA_BUNDLE, credentials from `--username/--password`.
 */
const azInstalled = spawnSync('az', ['version'], { stdio: 'ignore' }).status === 0;

/** Without az the suites that need it are skipped, unless ACR_LOCK_REQUIRE_AZ=1 (CI) makes that a failure. */
export const skipAz = !azInstalled && process.env.ACR_LOCK_REQUIRE_AZ !== '1';
if (skipAz)
  console.warn('az (azure-cli) is not installed: the az tests are skipped (apt-get install azure-cli).');

export interface Az {
  /** `az ARGS` in this emulator's config directory (registry and credentials: `registryArgs`). */
  run(args: readonly string[]): Promise<RunResult>;
  /** `az acr manifest COMMAND -r … -n REFERENCE -o json` (`repo@digest`), parsed; throws when it fails. */
  manifest(command: string, reference: string): Promise<unknown>;
  /** `-n localhost --username … --password …` (or `-r` for `az acr manifest`). */
  registryArgs(flag?: '-n' | '-r'): string[];
  dispose(): Promise<void>;
}

function exec(args: readonly string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile('az', [...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export async function azFor(emu: {
  port: number;
  caCertPath: string;
  admin: { username: string; password: string };
}): Promise<Az> {
  const configDir = await mkdtemp(join(tmpdir(), 'acr-emulator-az-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AZURE_CONFIG_DIR: configDir,
    REQUESTS_CA_BUNDLE: emu.caCertPath,
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
    AZURE_CORE_ONLY_SHOW_ERRORS: 'true',
  };
  // Placeholder endpoints: az demands them to register a cloud; with --username/--password the acr
  // commands never call them.
  const register = await exec(
    [
      'cloud',
      'register',
      '-n',
      'AcrEmulator',
      '--endpoint-resource-manager',
      'https://management.invalid/',
      '--endpoint-active-directory',
      'https://login.invalid',
      '--endpoint-active-directory-resource-id',
      'https://management.invalid/',
      '--endpoint-active-directory-graph-resource-id',
      'https://graph.invalid/',
      '--suffix-acr-login-server-endpoint',
      `:${emu.port}`,
    ],
    env,
  );
  if (register.code !== 0) throw new Error(`az cloud register failed: ${register.stderr}`);
  const select = await exec(['cloud', 'set', '-n', 'AcrEmulator'], env);
  if (select.code !== 0) throw new Error(`az cloud set failed: ${select.stderr}`);
  const registryArgs = (flag: '-n' | '-r' = '-n'): string[] => [
    flag,
    'localhost',
    '--username',
    emu.admin.username,
    '--password',
    emu.admin.password,
  ];
  const run = (args: readonly string[]): Promise<RunResult> => exec(args, env);
  /** `az ARGS -o json`, parsed; throws with az's stderr when it fails. */
  const json = async (args: readonly string[]): Promise<unknown> => {
    const result = await run([...args, '-o', 'json']);
    if (result.code !== 0) throw new Error(`az ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
    return JSON.parse(result.stdout) as unknown;
  };
  return {
    run,
    registryArgs,
    manifest: (command, reference) =>
      json(['acr', 'manifest', command, ...registryArgs('-r'), '-n', reference]),
    dispose: () => rm(configDir, { recursive: true, force: true }),
  };
}
