import type { DesiredAttributes, LockAttributes } from '../model/attributes.js';
import type { Concurrency } from '../concurrency/adaptive-concurrency.js';
import { toItemError } from '../item-error.js';
import type { ListingRegistry } from './listing-port.js';
import { rulesForRepository } from './match-tag.js';
import type { Policy, PolicyRule } from './policy.js';
import { selectRepositories } from './select-repositories.js';

/**
 * changed / unchanged / would-change (dry run): an object a rule applies to. kept: a tag a rule claims
 * but leaves alone (excluded, exempt, ignored). failed: see `error`.
 */
export type PolicyStatus = 'changed' | 'unchanged' | 'would-change' | 'kept' | 'failed';

/** One object a sweep or enforce pass looked at, reported as it goes (rows are not kept in memory). */
export interface PolicyRow {
  readonly kind: 'tag' | 'manifest' | 'repository';
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  /** `rule 2 'releases'`, when a rule decided it. */
  readonly rule?: string;
  /** Why a tag was kept (`excluded by v0*`), or which tags a manifest was reached through. */
  readonly note?: string;
  readonly status: PolicyStatus;
  readonly before?: LockAttributes;
  readonly after?: LockAttributes;
  readonly changes?: DesiredAttributes;
  readonly error?: { readonly kind: string; readonly message: string };
}

export interface PolicyCounts {
  /** Objects a rule applies to (tags, and the manifests behind them). */
  readonly selected: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly wouldChange: number;
  readonly kept: number;
  readonly failed: number;
}

export interface PolicyRunOptions {
  /** Plan only: report `would-change`, write nothing. */
  readonly dryRun?: boolean;
  /** Writes in flight at once. */
  readonly concurrency: Concurrency;
  /** Awaited before every write: the shell's pacing (max writes per minute). */
  readonly beforeWrite?: () => Promise<void>;
  /**
   * Each object as it is decided. May return a promise (a shell's output read slowly): the object's
   * place among the writes in flight is kept until it resolves, so rows never pile up unread.
   */
  readonly onRow?: (row: PolicyRow) => void | Promise<void>;
  /** Now, for age filters, in ms since the epoch. */
  readonly nowMs: number;
}

/** A write the registry answered, whose read-back is not what was asked (tag or manifest alike). */
export const NOT_APPLIED = {
  kind: 'not-applied',
  message: 'the registry accepted the change but reports other attributes',
} as const;

/** Counts as a run goes; `add` takes each row once. */
class PolicyTally {
  private readonly counts = { selected: 0, changed: 0, unchanged: 0, wouldChange: 0, kept: 0, failed: 0 };

  add(row: PolicyRow): void {
    if (row.status === 'kept') this.counts.kept += 1;
    else if (row.kind !== 'repository') this.counts.selected += 1;
    if (row.status === 'changed') this.counts.changed += 1;
    if (row.status === 'unchanged') this.counts.unchanged += 1;
    if (row.status === 'would-change') this.counts.wouldChange += 1;
    if (row.status === 'failed') this.counts.failed += 1;
  }

  get totals(): PolicyCounts {
    return { ...this.counts };
  }
}

/**
 * The loop sweep and enforce share: each repository the policy covers, with its rules and options
 * whose onRow also counts; a repository that throws is one failed row and the run goes on.
 */
export async function eachRepository(
  registry: ListingRegistry,
  policy: Policy,
  options: PolicyRunOptions,
  handle: (repository: string, rules: readonly PolicyRule[], run: PolicyRunOptions) => Promise<void>,
): Promise<PolicyCounts> {
  const tally = new PolicyTally();
  const run: PolicyRunOptions = { ...options, onRow: (row) => (tally.add(row), options.onRow?.(row)) };
  for await (const repository of selectRepositories(policy, registry)) {
    try {
      await handle(repository, rulesForRepository(policy, repository), run);
    } catch (error) {
      await run.onRow?.({ kind: 'repository', repository, status: 'failed', error: toItemError(error) });
    }
  }
  return tally.totals;
}
