import type { DesiredAttributes } from './attributes.js';

/** The presets a user picks (DESIGN.md), plus `custom` where only the attribute overrides count. */
export const MODES = [
  'full-lock',
  'delete-protect',
  'quarantine',
  'release',
  'hide',
  'unlock',
  'reset',
  'custom',
] as const;
export type Mode = (typeof MODES)[number];

export const MODE_ALIASES: Readonly<Record<string, Mode>> = { lock: 'full-lock', immutable: 'full-lock' };

/** Each preset's attributes; an attribute left out is left as it is. */
export const PRESETS: Readonly<Record<Mode, DesiredAttributes>> = {
  'full-lock': { writeEnabled: false, deleteEnabled: false },
  'delete-protect': { writeEnabled: true, deleteEnabled: false },
  quarantine: { writeEnabled: true, deleteEnabled: false, readEnabled: false },
  release: { readEnabled: true },
  hide: { listEnabled: false },
  unlock: { writeEnabled: true, deleteEnabled: true },
  reset: { writeEnabled: true, deleteEnabled: true, readEnabled: true, listEnabled: true },
  custom: {},
};

export const ACTIONS = ['apply', 'show', 'verify', 'dry-run'] as const;
export type Action = (typeof ACTIONS)[number];
