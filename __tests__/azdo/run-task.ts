// Runs the task as the Azure Pipelines agent does: from the packaged .vsix (packaged once per test run,
// unpacked with no npm install), `node <task folder>/<execution target>` in its own process with the
// environment the agent builds (Agent.Worker/Handlers/Handler.cs): INPUT_<NAME> for every input of
// task.json (its defaults filled in), ENDPOINT_URL_/ENDPOINT_AUTH_/ENDPOINT_AUTH_SCHEME_/
// ENDPOINT_AUTH_PARAMETER_/ENDPOINT_DATA_ for each service connection and for SYSTEMVSSCONNECTION,
// the job's variables upper-cased with `.` → `_` and VSTS_PUBLIC_VARIABLES; nothing of the test process's
// own environment but PATH. Its `##vso[…]` logging commands are parsed back.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { collectOutput } from '../helpers/collect-output.js';

/** The files whose content decides the .vsix. */
const PACKAGE_INPUTS = [
  'dist/task/index.js',
  'dist/task/THIRD_PARTY_NOTICES.txt',
  'dist/task/package.json',
  'task.json',
  'vss-extension.json',
  'overview.md',
  'LICENSE',
  'images/icon.png',
  'scripts/package-extension.mjs',
];

export interface TaskInput {
  readonly name: string;
  readonly type: string;
  readonly label: string;
  readonly defaultValue?: string | boolean;
  readonly required?: boolean;
  readonly groupName?: string;
  readonly visibleRule?: string;
  readonly options?: Record<string, string>;
}

export interface TaskManifest {
  readonly id: string;
  readonly name: string;
  readonly version: { Major: number; Minor: number; Patch: number };
  readonly inputs: readonly TaskInput[];
  readonly outputVariables: ReadonlyArray<{ name: string; description?: string }>;
  readonly execution: Record<string, { target: string }>;
  readonly [key: string]: unknown;
}

export interface PackagedTask {
  readonly vsixPath: string;
  readonly vsixBytes: number;
  /** Every file in the .vsix. */
  readonly files: readonly string[];
  /** The unpacked task folder (AcrLock/). */
  readonly taskDir: string;
  readonly manifest: TaskManifest;
  /** Milliseconds spent packaging (0 when this run had already packaged it). */
  readonly packagingMs: number;
}

let packaged: Promise<PackagedTask> | undefined;

/**
 * The .vsix, packaged by `scripts/package-extension.mjs` and unpacked, once per test run: test files
 * share it through a directory keyed by the packaged files' content and this process.
 */
export function packagedTask(): Promise<PackagedTask> {
  packaged ??= packageOnce();
  return packaged;
}

async function packageOnce(): Promise<PackagedTask> {
  const hash = createHash('sha256');
  for (const file of PACKAGE_INPUTS) hash.update(file).update(await readFile(file));
  const prefix = 'acr-lock-vsix-';
  const dir = join(tmpdir(), `${prefix}${process.pid}-${hash.digest('hex').slice(0, 16)}`);
  let packagingMs = 0;
  if (!existsSync(join(dir, 'done'))) {
    await removeStale(prefix);
    const work = await mkdtemp(join(tmpdir(), 'acr-lock-vsix-work-'));
    const started = performance.now();
    await promisify(execFile)(process.execPath, [
      'scripts/package-extension.mjs',
      '--output',
      join(work, 'acr-lock.vsix'),
    ]);
    packagingMs = Math.round(performance.now() - started);
    const entries = unzipSync(await readFile(join(work, 'acr-lock.vsix')));
    for (const [name, content] of Object.entries(entries)) {
      if (name.endsWith('/')) continue;
      await mkdir(dirname(join(work, 'unpacked', name)), { recursive: true });
      await writeFile(join(work, 'unpacked', name), content);
    }
    await writeFile(
      join(work, 'files.json'),
      JSON.stringify(Object.keys(entries).filter((n) => !n.endsWith('/'))),
    );
    await writeFile(join(work, 'done'), '');
    await rename(work, dir).catch(async () => rm(work, { recursive: true, force: true }));
  }
  const taskDir = join(dir, 'unpacked', 'AcrLock');
  return {
    vsixPath: join(dir, 'acr-lock.vsix'),
    vsixBytes: (await stat(join(dir, 'acr-lock.vsix'))).size,
    files: JSON.parse(await readFile(join(dir, 'files.json'), 'utf8')) as string[],
    taskDir,
    manifest: JSON.parse(await readFile(join(taskDir, 'task.json'), 'utf8')) as TaskManifest,
    packagingMs,
  };
}

/** Unpacked copies from earlier runs, an hour old or more. */
async function removeStale(prefix: string): Promise<void> {
  for (const name of await readdir(tmpdir())) {
    if (!name.startsWith(prefix)) continue;
    const path = join(tmpdir(), name);
    const age = Date.now() - (await stat(path)).mtimeMs;
    if (age > 60 * 60 * 1000) await rm(path, { recursive: true, force: true });
  }
}

/** A service connection as the agent sees it. */
export interface AgentEndpoint {
  readonly id: string;
  readonly url: string;
  readonly scheme: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly data?: Readonly<Record<string, string>>;
}

export interface TaskRunOptions {
  /** Task inputs by their task.json name; every other input keeps its default. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly endpoints?: readonly AgentEndpoint[];
  /** The job's System.AccessToken (SYSTEMVSSCONNECTION's AccessToken); a fresh one when absent. */
  readonly systemAccessToken?: string;
  /** Extra job variables (`System.OidcRequestUri`, `Agent.CAInfo`…). */
  readonly variables?: Readonly<Record<string, string>>;
  /** Extra process environment (NODE_EXTRA_CA_CERTS, AZURE_AUTHORITY_HOST…). */
  readonly env?: Readonly<Record<string, string>>;
  /** The Node binary; default the test's own (Node 24, the `Node24` handler). */
  readonly node?: string;
}

export interface VsoCommand {
  /** `task.setvariable`, `task.logissue`… */
  readonly command: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly data: string;
}

export interface TaskRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly commands: readonly VsoCommand[];
  /** Plain log lines (not logging commands). */
  readonly log: readonly string[];
  /** `task.setvariable` with isOutput=true. */
  readonly outputs: Readonly<Record<string, string>>;
  /** Every variable set, with its flags. */
  readonly variables: ReadonlyArray<{ name: string; isOutput: boolean; isSecret: boolean; value: string }>;
  /** `task.setsecret` values, in order. */
  readonly secrets: readonly string[];
  /** `task.logissue` and `task.issue`, as `type: message`. */
  readonly issues: ReadonlyArray<{ type: string; message: string }>;
  readonly result?: { readonly result: string; readonly message: string };
  /** The Markdown of `task.uploadsummary`, read before the job's temp directory is removed. */
  readonly summary?: string;
  /** Files left in Agent.TempDirectory after the run (relative paths). */
  readonly leftInTemp: readonly string[];
  /** Date.now() just before the process was spawned, and when it exited. */
  readonly spawnedAt: number;
  readonly exitedAt: number;
}

const unescapeProperty = (s: string) =>
  s
    .replace(/%3B/g, ';')
    .replace(/%5D/g, ']')
    .replace(/%0A/g, '\n')
    .replace(/%0D/g, '\r')
    .replace(/%AZP25/g, '%');
const unescapeData = (s: string) =>
  s
    .replace(/%0A/g, '\n')
    .replace(/%0D/g, '\r')
    .replace(/%AZP25/g, '%');

/** `##vso[area.event k=v;k=v]data` lines, unescaped as the agent does. */
export function parseCommands(stdout: string): VsoCommand[] {
  return [...stdout.matchAll(/^##vso\[([A-Za-z.]+)(?: ([^\]]*))?\](.*)$/gm)].map((m) => ({
    command: m[1] ?? '',
    properties: Object.fromEntries(
      (m[2] ?? '')
        .split(';')
        .filter((p) => p.includes('='))
        .map((p) => [p.slice(0, p.indexOf('=')).trim(), unescapeProperty(p.slice(p.indexOf('=') + 1))]),
    ),
    data: unescapeData(m[3] ?? ''),
  }));
}

/** The agent's ConvertToEnvVariableFormat: upper case, `.` and spaces to `_`. */
export const envName = (name: string) => name.replace(/[. ]/g, '_').toUpperCase();

/** The variables the agent sets for one service connection (Handler.AddEndpointsToEnvironment). */
export function endpointEnv(endpoint: AgentEndpoint, partialKey = endpoint.id): Record<string, string> {
  const env: Record<string, string> = {
    [`ENDPOINT_URL_${partialKey}`]: endpoint.url,
    [`ENDPOINT_AUTH_${partialKey}`]: JSON.stringify({
      parameters: endpoint.parameters,
      scheme: endpoint.scheme,
    }),
    [`ENDPOINT_AUTH_SCHEME_${partialKey}`]: endpoint.scheme,
  };
  for (const [key, value] of Object.entries(endpoint.parameters)) {
    env[`ENDPOINT_AUTH_PARAMETER_${partialKey}_${envName(key)}`] = value;
  }
  if (endpoint.data !== undefined) {
    env[`ENDPOINT_DATA_${partialKey}`] = JSON.stringify(endpoint.data);
    for (const [key, value] of Object.entries(endpoint.data))
      env[`ENDPOINT_DATA_${partialKey}_${envName(key)}`] = value;
  }
  return env;
}

export async function runTask(options: TaskRunOptions): Promise<TaskRun> {
  const task = await packagedTask();
  const job = await mkdtemp(join(tmpdir(), 'acr-lock-agent-'));
  try {
    const temp = join(job, '_temp');
    const sources = join(job, 's');
    const home = join(job, 'home');
    await Promise.all([temp, sources, home].map((d) => mkdir(d, { recursive: true })));

    const inputs: Record<string, string> = {};
    for (const input of task.manifest.inputs) inputs[input.name] = String(input.defaultValue ?? '');
    Object.assign(inputs, options.inputs);

    const variables: Record<string, string> = {
      'Agent.TempDirectory': temp,
      'Agent.WorkFolder': job,
      'Agent.Version': '4.266.2',
      'Agent.Name': 'Azure Pipelines 3',
      'Agent.OS': 'Linux',
      'Agent.JobName': 'Deploy',
      'System.CollectionUri': 'https://dev.azure.com/contoso/',
      'System.TeamFoundationCollectionUri': 'https://dev.azure.com/contoso/',
      'System.TeamProject': 'acr-lock',
      'System.HostType': 'build',
      'System.DefaultWorkingDirectory': sources,
      'Build.SourcesDirectory': sources,
      'Build.BuildId': '42',
      ...options.variables,
    };
    const systemVss: AgentEndpoint = {
      id: 'SystemVssConnection',
      url: 'https://dev.azure.com/contoso/',
      scheme: 'OAuth',
      parameters: { AccessToken: options.systemAccessToken ?? 'system-access-token-of-this-job' },
    };
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      ...Object.fromEntries(Object.entries(variables).map(([name, value]) => [envName(name), value])),
      VSTS_PUBLIC_VARIABLES: JSON.stringify(Object.keys(variables)),
      VSTS_SECRET_VARIABLES: '[]',
      ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${envName(name)}`, value])),
      ...endpointEnv(systemVss, 'SYSTEMVSSCONNECTION'),
      ...Object.assign({}, ...(options.endpoints ?? []).map((e) => endpointEnv(e))),
      ...options.env,
    };

    const target = join(task.taskDir, task.manifest.execution.Node24?.target ?? 'index.js');
    const spawnedAt = Date.now();
    const child = spawn(options.node ?? process.execPath, [target], {
      cwd: sources,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { code, stdout, stderr, exitedAt } = await collectOutput(child);

    const commands = parseCommands(stdout);
    const of = (name: string) => commands.filter((c) => c.command === name);
    const variablesSet = of('task.setvariable').map((c) => ({
      name: c.properties.variable ?? '',
      isOutput: c.properties.isOutput === 'true',
      isSecret: c.properties.issecret === 'true',
      value: c.data,
    }));
    const complete = of('task.complete').at(-1);
    const summaryPath = of('task.uploadsummary').at(-1)?.data;
    return {
      code,
      stdout,
      stderr,
      commands,
      log: stdout.split('\n').filter((line) => line !== '' && !line.startsWith('##vso[')),
      outputs: Object.fromEntries(variablesSet.filter((v) => v.isOutput).map((v) => [v.name, v.value])),
      variables: variablesSet,
      secrets: of('task.setsecret').map((c) => c.data),
      issues: commands
        .filter((c) => c.command === 'task.logissue' || c.command === 'task.issue')
        .map((c) => ({ type: c.properties.type ?? '', message: c.data })),
      ...(complete ? { result: { result: complete.properties.result ?? '', message: complete.data } } : {}),
      ...(summaryPath !== undefined ? { summary: await readFile(summaryPath, 'utf8') } : {}),
      leftInTemp: await listFiles(temp),
      spawnedAt,
      exitedAt,
    };
  } finally {
    await rm(job, { recursive: true, force: true });
  }
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out;
}

/** Everything the task emitted except the `task.setsecret` lines, which hand secrets to the agent's masker. */
export function emitted(run: TaskRun): string {
  return [run.stdout.replace(/^##vso\[task\.setsecret\].*$/gm, ''), run.stderr, run.summary ?? ''].join('\n');
}

/** The errors the task reported, one string each. */
export function errors(run: TaskRun): string[] {
  return run.issues.filter((i) => i.type === 'error').map((i) => i.message);
}
