import {
  ATTRIBUTE_NAMES,
  type AttributeName,
  type DesiredAttributes,
  type LockAttributes,
} from '../model/attributes.js';

/** Each attribute as a sentence names it. */
export const ATTRIBUTE_WORDS: Readonly<Record<AttributeName, string>> = {
  writeEnabled: 'write',
  deleteEnabled: 'delete',
  readEnabled: 'read',
  listEnabled: 'list',
};

const state = (value: boolean) => (value ? 'enabled' : 'disabled');

/**
 * Each attribute that keeps an object from the desired ones: `write: enabled, want disabled`. None when
 * nothing differs or the state is unknown.
 */
export function attributeDifferences(
  actual: LockAttributes | undefined,
  desired: DesiredAttributes,
): string[] {
  if (actual === undefined) return [];
  return ATTRIBUTE_NAMES.flatMap((name) => {
    const want = desired[name];
    return want === undefined || actual[name] === want
      ? []
      : [`${ATTRIBUTE_WORDS[name]}: ${state(actual[name])}, want ${state(want)}`];
  });
}

/**
 * What keeps an object from the desired attributes: `write: enabled, want disabled; delete: enabled,
 * want disabled`. Empty when nothing differs or the state is unknown.
 */
export function describeDifference(actual: LockAttributes | undefined, desired: DesiredAttributes): string {
  return attributeDifferences(actual, desired).join('; ');
}
