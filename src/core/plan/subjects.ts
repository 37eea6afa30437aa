import type { LockAttributes } from '../model/attributes.js';
import type { ItemError, ItemKind, ItemRole } from '../model/result.js';

/** A registry object found by resolution, with its current attributes (or why it could not be read). */
export interface Subject {
  readonly target: string;
  readonly kind: ItemKind;
  readonly role: ItemRole;
  readonly loginServer: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  readonly current?: LockAttributes;
  readonly error?: ItemError;
}

export function subjectRef(s: Pick<Subject, 'kind' | 'loginServer' | 'repository' | 'tag' | 'digest'>): string {
  const base = `${s.loginServer}/${s.repository}`;
  if (s.kind === 'tag') return `${base}:${s.tag}`;
  if (s.kind === 'manifest') return `${base}@${s.digest}`;
  return base;
}
