import { describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { skipAz } from './support/az.js';
import { skipSkopeo } from './support/skopeo.js';
import { CLI_MAIN } from './support/standalone-process.js';

/**
 * The README's "Use the emulator in your own tests" jobs, run here as their runners would run them:
 * each script step with `bash -eo pipefail` in order, job-level variables in the environment,
 * GitHub's `$GITHUB_ENV` file and Azure Pipelines' `##vso[task.setvariable]` lines carried to the
 * next steps, `if: always()` / `condition: always()` steps run last. `uses:`, `checkout:` and
 * `task:` steps are the runner's business and are not run; `ACR_LOCK` runs this checkout's CLI.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SECTION = '## Use the emulator in your own tests';

const skip = skipSkopeo || skipAz;
if (skip) console.warn('skopeo or az is missing: the README CI examples are not run.');

async function readmeJobs(): Promise<{
  github: Record<string, unknown>;
  pipelines: Record<string, unknown>;
}> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(SECTION);
  const end = readme.indexOf('\n## ', start + SECTION.length);
  const blocks = [...readme.slice(start, end).matchAll(/```yaml\n([\s\S]*?)```/g)].map(
    (m) => parse(m[1] ?? '') as Record<string, unknown>,
  );
  expect(blocks).toHaveLength(2);
  return { github: blocks[0] ?? {}, pipelines: blocks[1] ?? {} };
}

interface Step {
  name: string;
  script: string;
  always: boolean;
}

interface StepResult {
  name: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

function runBash(script: string, env: NodeJS.ProcessEnv, cwd: string): Promise<Omit<StepResult, 'name'>> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the steps in order; a failure skips the rest except `always` steps. */
async function runSteps(
  steps: Step[],
  env: NodeJS.ProcessEnv,
  carry: (result: StepResult, env: NodeJS.ProcessEnv) => Promise<void>,
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  let failed = false;
  for (const step of steps) {
    if (failed && !step.always) continue;
    const result = { name: step.name, ...(await runBash(step.script, env, ROOT)) };
    results.push(result);
    if (result.code !== 0) failed = true;
    await carry(result, env);
  }
  return results;
}

const acrLock = `${process.execPath} --import tsx ${CLI_MAIN}`;

function baseEnv(temp: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('ACR_EMULATOR_')) delete env[name];
  // The scripts' `node` is the Node this test runs on (24 under `npm test`), as setup-node/UseNode give.
  env.PATH = `${join(process.execPath, '..')}:${env.PATH ?? ''}`;
  env.HOME = temp;
  return env;
}

/** The script steps both README jobs have, in order. */
const JOB_STEPS = [
  'Start the ACR emulator',
  'skopeo',
  'az',
  'Azure SDK',
  'acr-lock',
  'Stop the ACR emulator',
];

/** Every script step ran, in the README's order, and passed. */
function expectAllPassed(results: StepResult[]): void {
  expect(results.map((r) => ({ name: r.name, code: r.code, stderr: r.code === 0 ? '' : r.stderr }))).toEqual(
    JOB_STEPS.map((name) => ({ name, code: 0, stderr: '' })),
  );
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Whether the emulator the job started has exited after its stop step (waits a little; kills it if not). */
async function emulatorStopped(pid: string | undefined): Promise<boolean> {
  if (!pid) return false;
  for (let i = 0; i < 100 && alive(Number(pid)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!alive(Number(pid))) return true;
  process.kill(Number(pid), 'SIGKILL');
  return false;
}

(skip ? describe.skip : describe)("README's CI examples, run as scripts", () => {
  test('the GitHub Actions job: start, skopeo, az, the Azure SDK, acr-lock, stop', async () => {
    const { github } = await readmeJobs();
    const job = Object.values(
      github.jobs as Record<string, { env: Record<string, string>; steps: Array<Record<string, unknown>> }>,
    )[0];
    expect(job?.env.ACR_LOCK).toBe('node acr-lock/dist/cli/index.js');
    const temp = await mkdtemp(join(tmpdir(), 'acr-readme-gh-'));
    try {
      const githubEnv = join(temp, 'github.env');
      await writeFile(githubEnv, '');
      const env: NodeJS.ProcessEnv = {
        ...baseEnv(temp),
        ...job?.env,
        ACR_LOCK: acrLock,
        RUNNER_TEMP: temp,
        GITHUB_ENV: githubEnv,
      };
      const steps: Step[] = (job?.steps ?? [])
        .filter((s) => typeof s.run === 'string')
        .map((s) => ({ name: String(s.name), script: String(s.run), always: s.if === 'always()' }));
      const results = await runSteps(steps, env, async (_result, next) => {
        for (const line of (await readFile(githubEnv, 'utf8')).split('\n')) {
          const at = line.indexOf('=');
          if (at > 0) next[line.slice(0, at)] = line.slice(at + 1);
        }
      });
      expectAllPassed(results);
      const output = (name: string): string => results.find((r) => r.name === name)?.stdout ?? '';
      expect(JSON.parse(output('skopeo'))).toMatchObject({
        Name: `${env.ACR_EMULATOR_LOGIN_SERVER}/samples/hello`,
      });
      expect(JSON.parse(output('az'))).toMatchObject({
        imageName: 'samples/hello',
        registry: env.ACR_EMULATOR_LOGIN_SERVER,
      });
      expect(output('Azure SDK').split('\n')).toContain('samples/hello');
      expect(output('acr-lock')).toMatch(/changed/);
      expect(await emulatorStopped(env.ACR_EMULATOR_PID)).toBe(true);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  });

  test('the Azure Pipelines job: the same, with task.setvariable between steps', async () => {
    const { pipelines } = await readmeJobs();
    const variables = pipelines.variables as Record<string, string>;
    expect(variables.ACR_LOCK).toBe('node $(Agent.BuildDirectory)/acr-lock/dist/cli/index.js');
    const temp = await mkdtemp(join(tmpdir(), 'acr-readme-azp-'));
    try {
      const env: NodeJS.ProcessEnv = { ...baseEnv(temp), ACR_LOCK: acrLock, AGENT_TEMPDIRECTORY: temp };
      const steps: Step[] = (pipelines.steps as Array<Record<string, unknown>>)
        .filter((s) => typeof s.script === 'string')
        .map((s) => ({
          name: String(s.displayName),
          script: String(s.script),
          always: s.condition === 'always()',
        }));
      const results = await runSteps(steps, env, async (result, next) => {
        for (const m of result.stdout.matchAll(
          /^##vso\[task\.setvariable variable=([^;\]]+)[^\]]*\](.*)$/gm,
        )) {
          next[(m[1] ?? '').toUpperCase().replace(/\./g, '_')] = m[2] ?? '';
        }
      });
      expectAllPassed(results);
      const output = (name: string): string => results.find((r) => r.name === name)?.stdout ?? '';
      expect(JSON.parse(output('az'))).toMatchObject({ imageName: 'samples/hello' });
      expect(output('Azure SDK').split('\n')).toContain('samples/supply-chain');
      expect(await emulatorStopped(env.ACR_EMULATOR_PID)).toBe(true);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  });
});
