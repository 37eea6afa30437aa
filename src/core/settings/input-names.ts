/**
 * Every input, declared once. The GitHub action uses these kebab-case names, the Azure DevOps task
 * their camelCase form (taskInputName), the CLI the flags of INPUT_TABLE. A test checks action.yml,
 * task.json and the CLI against this list.
 */
export const INPUT_NAMES = [
  'image',
  'tag',
  'lock-mode',
  'lock-manifest',
  'include-referrers',
  'referrer-types',
  'referrer-depth',
  'registry',
  'action',
  'scope',
  'write-enabled',
  'delete-enabled',
  'read-enabled',
  'list-enabled',
  'cloud',
  'client-id',
  'tenant-id',
  'audience',
  'username',
  'password',
  'ca-cert',
  'max-concurrency',
  'timeout',
  'request-timeout',
  'max-retry-after',
  'force-unlock-shared',
  'policy',
  'repository',
  'include',
  'exclude',
  'older-than',
  'allow-bulk-unlock',
  'checkpoint',
  'fail-on-findings',
  'max-writes-per-minute',
] as const;
export type InputName = (typeof INPUT_NAMES)[number];

/** Inputs whose value is a secret and must be masked before any use. */
export const SECRET_INPUTS: readonly InputName[] = ['password'];

/** Returns the raw value of an input, or undefined / '' when it was not given. */
export type InputReader = (name: InputName) => string | undefined;

/** `lock-mode` → `lockMode`, the Azure DevOps task's input name. */
export function taskInputName(name: InputName): string {
  return name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

export function isInputName(name: string): name is InputName {
  return (INPUT_NAMES as readonly string[]).includes(name);
}
