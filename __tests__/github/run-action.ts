// Runs the shipped bundle as the GitHub runner does: `node dist/action/index.js` in its own process, with
// INPUT_* for every input (action.yml's defaults first, as the runner fills them in), GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files, GITHUB_ACTIONS=true and RUNNER_TEMP; nothing of the test process's env.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { InputName } from '../../src/core/settings/input-names.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startImdsStub } from '../azdo/imds-stub.js';
import { collectOutput } from '../helpers/collect-output.js';

export const BUNDLE = 'dist/action/index.js';

let noIdentity: Promise<string> | undefined;

/**
 * A local IMDS that answers as on a host without a managed identity ("Identity not found"), shared by
 * every run of the test file: a test never reaches the machine's own IMDS (169.254.169.254).
 */
export function imdsWithoutIdentity(): Promise<string> {
  noIdentity ??= startImdsStub(() => undefined).then((stub) => {
    stub.unref();
    return stub.url;
  });
  return noIdentity;
}

/** The inputs that reach an emulator as its admin user: its login server, its CA and the admin's credentials. */
export function emulatorInputs(
  emu: Pick<RunningEmulator, 'loginServer' | 'caCertPath' | 'admin'>,
): Partial<Record<InputName, string>> {
  return {
    registry: emu.loginServer,
    'ca-cert': emu.caCertPath,
    username: emu.admin.username,
    password: emu.admin.password,
  };
}

interface ActionMetadata {
  inputs: Record<string, { default?: string; required?: boolean; description?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string };
}

export async function readActionMetadata(): Promise<ActionMetadata> {
  return parse(await readFile('action.yml', 'utf8')) as ActionMetadata;
}

/** The variable the runner sets for an input: upper case, spaces to `_`, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export interface Annotation {
  readonly level: 'error' | 'warning' | 'notice';
  readonly title?: string;
  readonly message: string;
}

export interface ActionRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** GITHUB_OUTPUT, parsed from its `name<<delimiter` blocks. */
  readonly outputs: Record<string, string>;
  /** GITHUB_STEP_SUMMARY as written. */
  readonly summary: string;
  /** Values registered with `::add-mask::`, in order. */
  readonly masked: string[];
  readonly annotations: Annotation[];
  /** Date.now() just before the process was spawned, and when it exited. */
  readonly spawnedAt: number;
  readonly exitedAt: number;
}

export interface RunActionOptions {
  readonly inputs: Partial<Record<InputName, string>>;
  /** Extra variables for the step (ACTIONS_ID_TOKEN_*, AZURE_*, NODE_EXTRA_CA_CERTS, PATH additions…). */
  readonly env?: Record<string, string>;
  /** Directories put before the system PATH (a fake `az`). */
  readonly path?: readonly string[];
}

let metadata: Promise<ActionMetadata> | undefined;

export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  metadata ??= readActionMetadata();
  const { inputs: declared } = await metadata;
  const dir = await mkdtemp(join(tmpdir(), 'acr-lock-action-'));
  try {
    const outputFile = join(dir, 'output');
    const summaryFile = join(dir, 'summary');
    const home = join(dir, 'home');
    await mkdir(home);
    await writeFile(outputFile, '');
    await writeFile(summaryFile, '');
    const inputs: Record<string, string> = {};
    for (const [name, spec] of Object.entries(declared)) inputs[inputVariable(name)] = spec.default ?? '';
    for (const [name, value] of Object.entries(options.inputs)) inputs[inputVariable(name)] = value ?? '';
    const env: Record<string, string> = {
      PATH: [...(options.path ?? []), process.env.PATH ?? '/usr/bin:/bin'].join(':'),
      HOME: home,
      // An empty Azure CLI profile, unless a test gives one: the machine's own `az login` never counts.
      AZURE_CONFIG_DIR: join(home, '.azure'),
      // The host's managed identity is asked of a local IMDS without one, unless a test gives its own.
      AZURE_POD_IDENTITY_AUTHORITY_HOST: await imdsWithoutIdentity(),
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      RUNNER_TEMP: dir,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ...inputs,
      ...options.env,
    };
    const child = spawn(process.execPath, [BUNDLE], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const spawnedAt = Date.now();
    const { code, stdout, stderr, exitedAt } = await collectOutput(child);
    return {
      code,
      stdout,
      stderr,
      outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
      summary: await readFile(summaryFile, 'utf8'),
      masked: [...stdout.matchAll(/^::add-mask::(.*)$/gm)].map((m) => m[1] ?? ''),
      annotations: parseAnnotations(stdout),
      spawnedAt,
      exitedAt,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `name<<delimiter\nvalue\ndelimiter\n` blocks, as @actions/core writes GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!match) continue;
    const [, name = '', delimiter] = match;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
    outputs[name] = value.join('\n');
  }
  return outputs;
}

/** `::error title=…::message` workflow commands, unescaped. */
export function parseAnnotations(stdout: string): Annotation[] {
  const unescape = (text: string) =>
    text
      .replace(/%0D/g, '\r')
      .replace(/%0A/g, '\n')
      .replace(/%3A/g, ':')
      .replace(/%2C/g, ',')
      .replace(/%25/g, '%');
  return [...stdout.matchAll(/^::(error|warning|notice)(?: ([^:]*))?::(.*)$/gm)].map((m) => {
    const properties = Object.fromEntries(
      (m[2] ?? '')
        .split(',')
        .filter(Boolean)
        .map((p) => [p.slice(0, p.indexOf('=')), unescape(p.slice(p.indexOf('=') + 1))]),
    ) as Record<string, string>;
    return {
      level: m[1] as Annotation['level'],
      ...(properties.title !== undefined ? { title: properties.title } : {}),
      message: unescape(m[3] ?? ''),
    };
  });
}

/** Everything the step emitted except the `::add-mask::` lines themselves. */
export function emitted(run: ActionRun): string {
  const stdout = run.stdout.replace(/^::add-mask::.*$/gm, '');
  return [stdout, run.stderr, JSON.stringify(run.outputs), run.summary].join('\n');
}

/** One file holding every CA the spawned process must trust (NODE_EXTRA_CA_CERTS takes one file). */
export async function writeCaBundle(dir: string, pems: readonly string[]): Promise<string> {
  const path = join(dir, 'ca-bundle.pem');
  await writeFile(path, pems.join('\n'));
  return path;
}
