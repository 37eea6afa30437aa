// The three shells behind one call: the CLI in process, the action bundle as the runner runs it, the
// packaged task as the agent runs it. Each gets the same declared inputs, spelled its own way.
import type { RunningEmulator } from '../../../src/emulator/index.js';
import type { RunReport } from '../../../src/core/model/result.js';
import { INPUT_TABLE } from '../../../src/core/settings/input-table.js';
import { taskInputName, type InputName } from '../../../src/core/settings/input-names.js';
import { splitList } from '../../../src/core/references/split-list.js';
import { runCliWith } from '../../cli/cli-run.js';
import { emulatorInputs, runAction } from '../../github/run-action.js';
import { runTask } from '../../azdo/run-task.js';

export type Inputs = Partial<Record<InputName, string>>;

export interface ShellRun {
  readonly code: number | null;
  /** What a person reads: the CLI's table, the job summary, the task's run summary. */
  readonly text: string;
  /** The JSON report (`--json`, the `result` output, the `result` output variable). */
  readonly report: RunReport;
}

export interface Shell {
  readonly name: 'cli' | 'action' | 'task';
  run(emu: RunningEmulator, inputs: Inputs): Promise<ShellRun>;
}

/** CLI arguments from declared inputs, through the input table's CLI spellings. */
export function cliArguments(inputs: Inputs): string[] {
  const command = inputs.action === 'dry-run' ? ['apply', '--dry-run'] : [inputs.action ?? 'apply'];
  const args: string[] = [...command];
  for (const [name, value] of Object.entries(inputs) as Array<[InputName, string]>) {
    const cli = INPUT_TABLE[name].cli;
    if (cli.as === 'command') continue;
    if (cli.as === 'argument') args.push(...splitList(value));
    else if (cli.on !== undefined) {
      if (value === cli.on) args.push(`--${cli.flag}`);
    } else args.push(`--${cli.flag}`, value);
  }
  return args;
}

const cli: Shell = {
  name: 'cli',
  async run(emu, inputs) {
    const connection = ['-r', emu.loginServer, '--ca-cert', emu.caCertPath];
    const env = { ACR_LOCK_USERNAME: emu.admin.username, ACR_LOCK_PASSWORD: emu.admin.password };
    const table = await runCliWith([...cliArguments(inputs), ...connection], { env });
    // The same run again as JSON writes nothing more when the first one did its job; read-only actions
    // and a failed first run are repeated exactly, which is what the table showed.
    const json = await runCliWith([...cliArguments({ ...inputs, action: 'show' }), '--json', ...connection], {
      env,
    });
    const report = JSON.parse(json.stdout) as RunReport;
    return { code: table.code, text: table.stdout, report };
  },
};

const action: Shell = {
  name: 'action',
  async run(emu, inputs) {
    const run = await runAction({
      inputs: { ...emulatorInputs(emu), ...inputs },
    });
    return { code: run.code, text: run.summary, report: JSON.parse(run.outputs.result ?? '') as RunReport };
  },
};

export const DOCKER_CONNECTION_ID = '5a0e2c1d-3b4f-4e6a-8c7d-9f0a1b2c3d4e';

const task: Shell = {
  name: 'task',
  async run(emu, inputs) {
    const named = Object.fromEntries(
      Object.entries(inputs).map(([k, v]) => [taskInputName(k as InputName), v]),
    );
    const run = await runTask({
      inputs: { dockerRegistryServiceConnection: DOCKER_CONNECTION_ID, caCert: emu.caCertPath, ...named },
      endpoints: [
        {
          id: DOCKER_CONNECTION_ID,
          url: `https://${emu.loginServer}`,
          scheme: 'UsernamePassword',
          parameters: {
            registry: `https://${emu.loginServer}`,
            username: emu.admin.username,
            password: emu.admin.password,
            email: '',
          },
          data: { registrytype: 'Others' },
        },
      ],
    });
    return {
      code: run.code,
      text: run.summary ?? '',
      report: JSON.parse(run.outputs.result ?? '') as RunReport,
    };
  },
};

export const SHELLS: readonly Shell[] = [cli, action, task];
