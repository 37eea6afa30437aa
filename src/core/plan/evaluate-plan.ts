import type { ItemResult } from '../model/result.js';
import { itemResult } from '../report/item-result.js';
import { hasChanges, withChanges, type PlanItem } from './plan-changes.js';

/** Pure: the results of the actions that write nothing (show, verify, dry-run). */
export function evaluatePlan(plan: readonly PlanItem[], action: 'show' | 'verify' | 'dry-run'): ItemResult[] {
  return plan.map(({ subject, changes }) => {
    if (!subject.current || subject.error) return itemResult(subject, { status: 'failed', matches: false });
    if (subject.keptBy && action === 'dry-run')
      return itemResult(subject, { status: 'kept', matches: false, after: subject.current });
    const differs = hasChanges(changes);
    if (action === 'dry-run') {
      return itemResult(subject, {
        status: differs ? 'would-change' : 'unchanged',
        matches: !differs,
        after: withChanges(subject.current, changes),
      });
    }
    const status = action === 'verify' && differs ? 'mismatch' : 'unchanged';
    return itemResult(subject, { status, matches: !differs, after: subject.current });
  });
}
