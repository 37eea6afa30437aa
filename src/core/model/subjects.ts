import type { LockAttributes } from './attributes.js';
import type { ItemError, ItemRole, Via } from './result.js';

interface SubjectBase {
  readonly target: string;
  readonly role: ItemRole;
  readonly loginServer: string;
  readonly repository: string;
  /** Absent when the object could not be read; `error` says why. */
  readonly current?: LockAttributes;
  readonly error?: ItemError;
  /** Where in the image's tree it was found: see ItemResult. */
  readonly parent?: string;
  readonly via?: Via;
  readonly artifactType?: string;
  /** Other protected tags on this manifest: it is kept, not unlocked (unless force-unlock-shared). */
  readonly keptBy?: readonly string[];
}

/** A registry object found by resolution, with its current attributes (or why it could not be read). */
export type Subject =
  | (SubjectBase & { readonly kind: 'tag'; readonly tag: string; readonly digest?: string })
  | (SubjectBase & {
      readonly kind: 'manifest';
      readonly digest: string;
      readonly tag?: undefined;
      /** The tags pointing at it, as the registry listed them (for the shared-manifest rule). */
      readonly tagNames?: readonly string[];
    })
  | (SubjectBase & { readonly kind: 'repository'; readonly tag?: undefined; readonly digest?: undefined });

export function subjectRef(s: Subject): string {
  const base = `${s.loginServer}/${s.repository}`;
  if (s.kind === 'tag') return `${base}:${s.tag}`;
  if (s.kind === 'manifest') return `${base}@${s.digest}`;
  return base;
}
