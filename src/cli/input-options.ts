import { Option } from 'commander';
import { INPUT_NAMES, type InputName } from '../core/settings/input-names.js';
import { INPUT_TABLE, type InputSpec } from '../core/settings/input-table.js';

interface InputOption {
  readonly name: InputName;
  readonly option: Option;
  /** The value the flag's presence gives, for a switch. */
  readonly on?: 'true' | 'false';
}

/**
 * Which inputs a command takes: `lock` (apply, show), `verify` (the lock inputs, and a selection's),
 * `policy` (sweep, enforce, audit).
 */
export type CommandInputs = 'lock' | 'verify' | 'policy';

function takes(command: CommandInputs, only: InputSpec['for']): boolean {
  if (only === undefined) return true;
  if (only === 'selection') return command !== 'lock';
  return only === (command === 'verify' ? 'lock' : command);
}

/** One commander option per input the CLI takes as an option, built from INPUT_TABLE. */
export function inputOptions(command: CommandInputs = 'lock'): InputOption[] {
  const options: InputOption[] = [];
  for (const name of INPUT_NAMES) {
    const { kind, description, cli, for: only } = INPUT_TABLE[name];
    if (cli.as !== 'option' || !takes(command, only)) continue;
    const short = cli.short !== undefined ? `-${cli.short}, ` : '';
    const value = kind === 'switch' ? '' : ` ${cli.placeholder ?? '<value>'}`;
    const option = new Option(`${short}--${cli.flag}${value}`, description);
    // A repeated list flag adds to the list; a repeated single-value flag keeps the last, as usual.
    if (kind === 'list') {
      option.argParser((entry: string, previous: string[] | undefined) => [...(previous ?? []), entry]);
    }
    options.push({ name, option, ...(cli.on !== undefined ? { on: cli.on } : {}) });
  }
  return options;
}

/** The inputs the parsed options give; a switch that was not given leaves its input unset. */
export function inputsFromOptions(
  parsed: Readonly<Record<string, unknown>>,
  options: readonly InputOption[],
): Partial<Record<InputName, string>> {
  const inputs: Partial<Record<InputName, string>> = {};
  for (const { name, option, on } of options) {
    const value = parsed[option.attributeName()];
    if (on !== undefined) {
      // commander keeps `--no-x` as x=false (default true) and `--x` as x=true.
      if (value === (on === 'true')) inputs[name] = on;
    } else if (Array.isArray(value)) {
      inputs[name] = value.join('\n');
    } else if (typeof value === 'string') {
      inputs[name] = value;
    }
  }
  return inputs;
}
