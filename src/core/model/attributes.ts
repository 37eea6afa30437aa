/** The four changeable attributes ACR keeps on every repository, tag and manifest (all true by default). */
export const ATTRIBUTE_NAMES = ['writeEnabled', 'deleteEnabled', 'readEnabled', 'listEnabled'] as const;
export type AttributeName = (typeof ATTRIBUTE_NAMES)[number];

export type LockAttributes = Readonly<Record<AttributeName, boolean>>;

/** What a run wants: an attribute left out means "leave it as it is". */
export type DesiredAttributes = Readonly<Partial<Record<AttributeName, boolean>>>;

export const DEFAULT_ATTRIBUTES: LockAttributes = {
  writeEnabled: true,
  deleteEnabled: true,
  readEnabled: true,
  listEnabled: true,
};

/** Locked: overwriting or deleting it is refused (write or delete disabled). */
export function isLocked(a: LockAttributes): boolean {
  return !a.writeEnabled || !a.deleteEnabled;
}
