import { ATTRIBUTE_NAMES, type DesiredAttributes, type LockAttributes } from '../model/attributes.js';

const WORD = {
  writeEnabled: 'write',
  deleteEnabled: 'delete',
  readEnabled: 'read',
  listEnabled: 'list',
} as const;

const state = (value: boolean) => (value ? 'enabled' : 'disabled');

/**
 * What keeps an object from the desired attributes: `write: enabled, want disabled; delete: enabled,
 * want disabled`. Empty when nothing differs or the state is unknown.
 */
export function describeDifference(actual: LockAttributes | undefined, desired: DesiredAttributes): string {
  if (actual === undefined) return '';
  return ATTRIBUTE_NAMES.flatMap((name) => {
    const want = desired[name];
    return want === undefined || actual[name] === want
      ? []
      : [`${WORD[name]}: ${state(actual[name])}, want ${state(want)}`];
  }).join('; ');
}
