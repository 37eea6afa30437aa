import {
  INPUT_NAMES,
  isInputName,
  taskInputName,
  type InputName,
  type InputReader,
} from '../core/settings/input-names.js';
import { settingTerms, type InputTerms } from '../core/settings/input-terms.js';

/** The core inputs the task leaves out, and what takes their place. */
export const OMITTED_INPUTS = {
  'client-id': 'the Azure Resource Manager service connection',
  'tenant-id': 'the Azure Resource Manager service connection',
  audience: 'the Azure Resource Manager service connection (workload identity federation)',
  username: 'the Docker registry service connection',
  password: 'the Docker registry service connection',
} as const satisfies Partial<Record<InputName, string>>;

/**
 * The core inputs the task exposes, as `taskInputName(name)` in task.json: every declared input but the
 * credentials, which come from service connections so a secret never sits in a pipeline's YAML.
 */
export const TASK_INPUTS = INPUT_NAMES.filter(
  (name): name is Exclude<InputName, keyof typeof OMITTED_INPUTS> => !(name in OMITTED_INPUTS),
);

/** The task's own inputs, which name service connections (their value is the connection's id). */
export const CONNECTION_INPUTS = {
  azureRm: 'azureSubscription',
  dockerRegistry: 'dockerRegistryServiceConnection',
} as const;

const exposed: ReadonlySet<InputName> = new Set(TASK_INPUTS);

/**
 * Reads core inputs from the task's inputs; a blank input falls back to what the service connection or the
 * agent implies (`registry` from a Docker registry connection, `cloud` from the connection's environment).
 */
export function taskInputReader(
  getInput: (name: string) => string | undefined,
  defaults: Readonly<Partial<Record<InputName, string>>>,
): InputReader {
  return (name) => {
    const value = exposed.has(name) ? getInput(taskInputName(name)) : undefined;
    return value?.trim() ? value : defaults[name];
  };
}

/**
 * The task's names in messages: `lockMode` for a declared input it exposes, its connection inputs as
 * they are. A declared input the task leaves out keeps its declared name (the task never reads one).
 */
export const TASK_TERMS: InputTerms = settingTerms((name) =>
  isInputName(name) && exposed.has(name) ? taskInputName(name) : undefined,
);
