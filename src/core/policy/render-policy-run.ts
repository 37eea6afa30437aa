import { ATTRIBUTE_LEGEND, compactAttributes } from '../report/render-attributes.js';
import { markdownCell } from '../report/table-text.js';
import { manifestRef, tagRef } from './listing.js';
import type { PolicyCounts, PolicyRow } from './policy-run.js';

export type PolicyCommand = 'sweep' | 'enforce' | 'verify';

function refOf(row: PolicyRow): string {
  if (row.kind === 'tag' && row.tag !== undefined) return tagRef(row.repository, row.tag);
  if (row.kind === 'manifest' && row.digest !== undefined) return manifestRef(row.repository, row.digest);
  return row.repository;
}

/** After the run: what was read back, or would be written (dry run), or as it was (kept). */
function afterOf(row: PolicyRow): PolicyRow['after'] {
  if (row.after) return row.after;
  if (row.before && row.changes) return { ...row.before, ...row.changes };
  return row.status === 'kept' ? row.before : undefined;
}

/**
 * Whether the run did what its command promises: sweep and enforce, every write went through; verify
 * (a sweep that writes nothing), every object it selects is already as its rule wants.
 */
export function policyRunPassed(command: PolicyCommand, counts: PolicyCounts): boolean {
  return counts.failed === 0 && (command !== 'verify' || counts.wouldChange === 0);
}

/** A row's status as its command reports it: what a verify would change is a mismatch (it fails the gate). */
function statusOf(row: PolicyRow, command: PolicyCommand): string {
  return command === 'verify' && row.status === 'would-change' ? 'mismatch' : row.status;
}

/**
 * `✅ sweep: 8 selected, 6 changed, 2 unchanged, 2 kept, 0 failed.`; verify counts mismatches instead
 * of changes: `❌ verify: 8 selected, 2 mismatched, 6 unchanged, 2 kept, 0 failed.`
 */
export function policyRunVerdict(command: PolicyCommand, counts: PolicyCounts): string {
  const mark = policyRunPassed(command, counts) ? '✅' : '❌';
  if (command === 'verify') {
    return (
      `${mark} verify: ${counts.selected} selected, ${counts.wouldChange} mismatched, ` +
      `${counts.unchanged} unchanged, ${counts.kept} kept, ${counts.failed} failed.`
    );
  }
  const wouldChange = counts.wouldChange ? `, ${counts.wouldChange} would change` : '';
  return (
    `${mark} ${command}: ${counts.selected} selected, ${counts.changed} changed, ` +
    `${counts.unchanged} unchanged${wouldChange}, ${counts.kept} kept, ${counts.failed} failed.`
  );
}

/** One line per row as the run goes: status, object, before → after, the rule and why. */
export function renderRowLine(row: PolicyRow, command: PolicyCommand = 'sweep'): string {
  const change =
    row.before !== undefined ? ` ${compactAttributes(row.before)} → ${compactAttributes(afterOf(row))}` : '';
  const why = [row.rule, row.note, row.error?.message].filter((part) => part !== undefined).join('; ');
  return `${statusOf(row, command).padEnd(12)} ${row.kind.padEnd(8)} ${refOf(row)}${change}${why ? `  (${why})` : ''}`;
}

/**
 * A verify mismatch, naming the object and its rule:
 * `apps/api:v1.0 is W+ D+ R+ L+; rule 1 'releases' wants W- D- R+ L+`.
 */
export function renderMismatch(row: PolicyRow): string {
  const through = row.kind === 'manifest' && row.note !== undefined ? ` (through ${row.note})` : '';
  return (
    `${refOf(row)} is ${compactAttributes(row.before)}; ${row.rule ?? 'its rule'} wants ` +
    `${compactAttributes(afterOf(row))}${through}`
  );
}

/** The job summary: the verdict, then the first rows (the rest are in the report file). */
export function renderPolicyRunMarkdown(
  command: PolicyCommand,
  counts: PolicyCounts,
  firstRows: readonly PolicyRow[],
): string {
  const lines = [`### acr-lock ${command}`, '', `**${policyRunVerdict(command, counts)}**`, ''];
  if (firstRows.length > 0) {
    lines.push('| Object | Status | Before → after | Rule | Note |', '| --- | --- | --- | --- | --- |');
    for (const row of firstRows) {
      const after = afterOf(row);
      lines.push(
        `| \`${markdownCell(refOf(row))}\` | ${statusOf(row, command)} | \`${compactAttributes(row.before)}\` → \`${compactAttributes(after)}\` | ` +
          `${markdownCell(row.rule ?? '')} | ${markdownCell([row.note, row.error?.message].filter(Boolean).join('; '))} |`,
      );
    }
    lines.push('', `${ATTRIBUTE_LEGEND}.`, '');
  }
  return lines.join('\n');
}

/** Keeps the first `limit` rows worth showing (changes and failures before unchanged and kept ones). */
export class FirstRows {
  private readonly notable: PolicyRow[] = [];
  private readonly quiet: PolicyRow[] = [];

  constructor(private readonly limit = 50) {}

  add(row: PolicyRow): void {
    const list = row.status === 'unchanged' || row.status === 'kept' ? this.quiet : this.notable;
    if (list.length < this.limit) list.push(row);
  }

  get rows(): PolicyRow[] {
    return [...this.notable, ...this.quiet].slice(0, this.limit);
  }
}
