import { isLocked } from '../model/attributes.js';
import type { PolicyRow } from './policy-run.js';

/** A manifest the run leaves locked: written so, found so, or (dry run) would be written so. */
export function leavesManifestLocked(row: PolicyRow): boolean {
  if (row.kind !== 'manifest') return false;
  if (row.status === 'changed' || row.status === 'unchanged')
    return row.after !== undefined && isLocked(row.after);
  if (row.status === 'would-change' && row.before) return isLocked({ ...row.before, ...row.changes });
  return false;
}

/**
 * What locks mean for cleaning up, said by audit (a warning finding) and after a sweep or enforce pass:
 * ACR's purge and retention policy leave locked manifests alone.
 */
export function retentionNote(locked: number, untagged?: number): string {
  const retention =
    untagged === undefined
      ? 'will not delete them once they are untagged'
      : `will not delete the ${untagged} untagged among them`;
  return `${locked} locked manifest(s) (write or delete disabled): acr purge skips them unless --include-locked, and the retention policy ${retention}`;
}
