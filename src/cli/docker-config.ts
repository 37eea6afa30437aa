import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

type Environment = Readonly<Record<string, string | undefined>>;

export interface DockerCredentials {
  readonly username: string;
  readonly password: string;
  /** Where they came from, for the log: the config file, or the credential helper. */
  readonly source: string;
}

interface DockerConfig {
  readonly auths?: Record<string, { auth?: string; username?: string; password?: string }>;
  readonly credsStore?: string;
  readonly credHelpers?: Record<string, string>;
}

/** `https://myreg.azurecr.io/v1/` and `MyReg.azurecr.io` both name `myreg.azurecr.io`. */
function hostOf(key: string): string {
  return key
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
}

/**
 * The login server's credentials from the Docker config, as docker, crane, oras and regctl read it:
 * `$DOCKER_CONFIG/config.json` (default `~/.docker/config.json`); a `credHelpers` entry for the host,
 * else `credsStore`, runs `docker-credential-<name> get`; else an `auths` entry (`auth` is base64 of
 * `user:password`). Undefined when the config has nothing for the host or does not exist.
 */
export async function dockerCredentials(
  loginServer: string,
  env: Environment,
): Promise<DockerCredentials | undefined> {
  const dir = env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
  const path = join(dir, 'config.json');
  let config: DockerConfig;
  try {
    config = JSON.parse(await readFile(path, 'utf8')) as DockerConfig;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`the Docker config ${path} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const host = hostOf(loginServer);
  const helperKey = Object.keys(config.credHelpers ?? {}).find((key) => hostOf(key) === host);
  const helper = helperKey !== undefined ? config.credHelpers?.[helperKey] : config.credsStore;
  if (helper) return fromHelper(helper, host, env);

  const entryKey = Object.keys(config.auths ?? {}).find((key) => hostOf(key) === host);
  const entry = entryKey !== undefined ? config.auths?.[entryKey] : undefined;
  if (!entry) return undefined;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0)
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source: path };
  }
  if (entry.username && entry.password)
    return { username: entry.username, password: entry.password, source: path };
  return undefined;
}

/** The credential helper protocol: the server URL on stdin, `{ Username, Secret }` as JSON on stdout. */
async function fromHelper(
  name: string,
  host: string,
  env: Environment,
): Promise<DockerCredentials | undefined> {
  const program = `docker-credential-${name}`;
  const { code, stdout, stderr } = await runHelper(program, host, env);
  if (code !== 0) {
    // Every helper answers an unknown server this way (docker-credential-helpers' ErrCredentialsNotFound).
    if (/credentials not found/i.test(stdout + stderr)) return undefined;
    throw new Error(`${program} get failed (exit ${code}): ${stderr.trim() || stdout.trim()}`);
  }
  const answer = JSON.parse(stdout) as { Username?: string; Secret?: string };
  if (!answer.Username || !answer.Secret) return undefined;
  return { username: answer.Username, password: answer.Secret, source: program };
}

function runHelper(
  program: string,
  input: string,
  env: Environment,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, ['get'], { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new Error(`${program} cannot be run: ${error.message}`)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
