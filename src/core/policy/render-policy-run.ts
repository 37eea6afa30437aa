import { ATTRIBUTE_LEGEND, compactAttributes } from '../report/render-attributes.js';
import { manifestRef, tagRef } from './listing.js';
import type { PolicyCounts, PolicyRow } from './policy-run.js';

export type PolicyCommand = 'sweep' | 'enforce';

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

/** `✅ sweep: 8 selected, 6 changed, 2 unchanged, 2 kept, 0 failed.` */
export function policyRunVerdict(command: PolicyCommand, counts: PolicyCounts): string {
  const wouldChange = counts.wouldChange ? `, ${counts.wouldChange} would change` : '';
  return (
    `${counts.failed ? '❌' : '✅'} ${command}: ${counts.selected} selected, ${counts.changed} changed, ` +
    `${counts.unchanged} unchanged${wouldChange}, ${counts.kept} kept, ${counts.failed} failed.`
  );
}

/** One line per row as the run goes: status, object, before → after, the rule and why. */
export function renderRowLine(row: PolicyRow): string {
  const change =
    row.before !== undefined ? ` ${compactAttributes(row.before)} → ${compactAttributes(afterOf(row))}` : '';
  const why = [row.rule, row.note, row.error?.message].filter((part) => part !== undefined).join('; ');
  return `${row.status.padEnd(12)} ${row.kind.padEnd(8)} ${refOf(row)}${change}${why ? `  (${why})` : ''}`;
}

/** The job summary: the verdict, then the first rows (the rest are in the report file). */
export function renderPolicyRunMarkdown(
  command: PolicyCommand,
  counts: PolicyCounts,
  firstRows: readonly PolicyRow[],
): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [`### acr-lock ${command}`, '', `**${policyRunVerdict(command, counts)}**`, ''];
  if (firstRows.length > 0) {
    lines.push('| Object | Status | Before → after | Rule | Note |', '| --- | --- | --- | --- | --- |');
    for (const row of firstRows) {
      const after = afterOf(row);
      lines.push(
        `| \`${cell(refOf(row))}\` | ${row.status} | \`${compactAttributes(row.before)}\` → \`${compactAttributes(after)}\` | ` +
          `${cell(row.rule ?? '')} | ${cell([row.note, row.error?.message].filter(Boolean).join('; '))} |`,
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
