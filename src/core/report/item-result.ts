import type { ItemResult } from '../model/result.js';
import { subjectRef, type Subject } from '../model/subjects.js';

/** An ItemResult for a subject: its identity, plus what happened to it. */
export function itemResult(
  subject: Subject,
  outcome: Pick<ItemResult, 'status' | 'matches'> & Partial<Pick<ItemResult, 'after' | 'error' | 'digest'>>,
): ItemResult {
  return {
    target: subject.target,
    ref: subjectRef(subject),
    kind: subject.kind,
    role: subject.role,
    loginServer: subject.loginServer,
    repository: subject.repository,
    tag: subject.tag,
    digest: outcome.digest ?? subject.digest,
    ...(subject.parent !== undefined ? { parent: subject.parent } : {}),
    ...(subject.via !== undefined ? { via: subject.via } : {}),
    ...(subject.artifactType !== undefined ? { artifactType: subject.artifactType } : {}),
    before: subject.current,
    after: outcome.after,
    status: outcome.status,
    matches: outcome.matches,
    error: outcome.error ?? subject.error,
    ...(subject.keptBy ? { keptBy: subject.keptBy } : {}),
  };
}
