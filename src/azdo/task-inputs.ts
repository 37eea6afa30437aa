import { taskInputName, type InputName, type InputReader } from '../core/settings/input-names.js';

/**
 * The core inputs the task exposes, as `taskInputName(name)` in task.json. Credentials come from
 * service connections instead of inputs, so a secret never sits in a pipeline's YAML.
 */
export const TASK_INPUTS = [
  'image',
  'tag',
  'lock-mode',
  'lock-manifest',
  'registry',
  'action',
  'scope',
  'write-enabled',
  'delete-enabled',
  'read-enabled',
  'list-enabled',
  'cloud',
  'ca-cert',
] as const satisfies readonly InputName[];

/** The core inputs the task leaves out, and what takes their place. */
export const OMITTED_INPUTS: Readonly<Partial<Record<InputName, string>>> = {
  'client-id': 'the Azure Resource Manager service connection',
  'tenant-id': 'the Azure Resource Manager service connection',
  audience: 'the Azure Resource Manager service connection (workload identity federation)',
  username: 'the Docker registry service connection',
  password: 'the Docker registry service connection',
};

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

/** `Input 'lock-mode': …` as the task names it: `Input 'lockMode': …`. */
export function inTaskTerms(message: string): string {
  return message.replace(/Input '([a-z]+(?:-[a-z]+)*)'/g, (whole, name: string) =>
    exposed.has(name as InputName) ? `Input '${taskInputName(name as InputName)}'` : whole,
  );
}
