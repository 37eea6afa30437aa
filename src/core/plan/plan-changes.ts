import { ATTRIBUTE_NAMES, type DesiredAttributes, type LockAttributes } from '../model/attributes.js';
import type { ItemRole } from '../model/result.js';
import type { Subject } from '../model/subjects.js';

export interface PlanItem {
  readonly subject: Subject;
  /** The attributes to write; empty when the subject is already as desired (or could not be read). */
  readonly changes: DesiredAttributes;
}

const ROLE_RANK: Readonly<Record<ItemRole, number>> = { target: 0, manifest: 1, child: 2, referrer: 3 };

/**
 * Pure: from current state to the writes needed. A manifest reached twice (two tags on one digest, or
 * a digest also named directly) is planned once. Manifests come before tags so that, when a tag is
 * locked last, the registry's answer to that write proves which digest it was locked at.
 */
export function planChanges(subjects: readonly Subject[], desired: DesiredAttributes): PlanItem[] {
  const byKey = new Map<string, Subject>();
  for (const [index, subject] of subjects.entries()) {
    // Every failure is reported, even one about an object another target also reached.
    const key = subject.error ? `failed ${index}` : subjectKey(subject);
    const seen = byKey.get(key);
    if (!seen || ROLE_RANK[subject.role] < ROLE_RANK[seen.role]) byKey.set(key, subject);
  }
  const unique = [...byKey.values()];
  const ordered = [
    ...unique.filter((s) => s.kind === 'manifest'),
    ...unique.filter((s) => s.kind !== 'manifest'),
  ];
  return ordered.map((subject) => ({
    subject,
    changes: subject.current && !subject.error ? diffAttributes(subject.current, desired) : {},
  }));
}

export function diffAttributes(current: LockAttributes, desired: DesiredAttributes): DesiredAttributes {
  const changes: Partial<Record<(typeof ATTRIBUTE_NAMES)[number], boolean>> = {};
  for (const name of ATTRIBUTE_NAMES) {
    const want = desired[name];
    if (want !== undefined && current[name] !== want) changes[name] = want;
  }
  return changes;
}

export function hasChanges(changes: DesiredAttributes): boolean {
  return Object.keys(changes).length > 0;
}

export function matchesDesired(attributes: LockAttributes, desired: DesiredAttributes): boolean {
  return !hasChanges(diffAttributes(attributes, desired));
}

export function withChanges(current: LockAttributes, changes: DesiredAttributes): LockAttributes {
  return { ...current, ...changes };
}

function subjectKey(s: Subject): string {
  const id = s.kind === 'manifest' ? `@${s.digest}` : s.kind === 'tag' ? `:${s.tag}` : '';
  return `${s.kind} ${s.loginServer}/${s.repository}${id}`;
}
