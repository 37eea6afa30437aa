import { ATTRIBUTE_NAMES, type DesiredAttributes, type LockAttributes } from '../model/attributes.js';

const LETTER = { writeEnabled: 'W', deleteEnabled: 'D', readEnabled: 'R', listEnabled: 'L' } as const;

/** `W- D- R+ L+`: each attribute's letter, `+` enabled, `-` disabled (`·` unknown or left as is). */
export function compactAttributes(attributes: LockAttributes | DesiredAttributes | undefined): string {
  return ATTRIBUTE_NAMES.map((name) => {
    const value = attributes?.[name];
    return `${LETTER[name]}${value === undefined ? '·' : value ? '+' : '-'}`;
  }).join(' ');
}

export const ATTRIBUTE_LEGEND = 'W write, D delete, R read, L list; + enabled, - disabled, · left as is';
