import type { DesiredAttributes } from '../model/attributes.js';
import type { ItemResult, RunReport } from '../model/result.js';
import { describeDifference } from './describe-difference.js';
import { ATTRIBUTE_LEGEND, compactAttributes } from './render-attributes.js';
import { describeKinds, shortTagName, treeRows, whatLabel } from './report-tree.js';
import { alignColumns, markdownCell } from './table-text.js';

/** The machine-readable report (the `result` output, `--json`). */
export function renderJson(report: RunReport): string {
  return JSON.stringify(report, null, 2);
}

/** One line saying whether the run did what it promised. */
export function verdict(report: RunReport): string {
  const s = report.summary;
  const counts =
    `${s.total} object(s)${s.total > 0 ? ` (${describeKinds(s.kinds)})` : ''}: ${s.changed} changed, ${s.unchanged} unchanged` +
    (s.wouldChange ? `, ${s.wouldChange} would change` : '') +
    (s.mismatched ? `, ${s.mismatched} not as desired` : '') +
    (s.failed ? `, ${s.failed} failed` : '') +
    (s.kept ? `, ${s.kept} kept for other tags` : '');
  const head: Record<RunReport['action'], string> = {
    apply: report.ok ? `✅ ${report.mode} applied` : `❌ ${report.mode} not fully applied`,
    verify: report.ok
      ? `✅ every object matches ${report.mode}`
      : `❌ not every object matches ${report.mode}`,
    'dry-run': report.ok
      ? `📝 dry run of ${report.mode}: nothing written`
      : `❌ dry run of ${report.mode} could not read every object`,
    show: report.ok
      ? `ℹ️ current attributes (compared with ${report.mode})`
      : `❌ could not read every object`,
  };
  return `${head[report.action]} — ${counts}.`;
}

function shortDigest(digest: string | undefined): string {
  return digest ? digest.replace(/^sha256:/, '').slice(0, 12) : '';
}

function statusLabel(item: ItemResult, desired: DesiredAttributes): string {
  if (item.keptBy) return `${item.status}: still protected by ${item.keptBy.join(', ')}`;
  if (item.error) return `${item.status}: ${item.error.message}`;
  if (item.status === 'mismatch')
    return `mismatch: ${describeDifference(item.after ?? item.before, desired)}`;
  return item.status;
}

/**
 * What the Object column shows: the reference as given at the top; below it a manifest by its short
 * digest and a tag by its name, which the indentation ties to what they were found from.
 */
function objectLabel(item: ItemResult, depth: number, digestPrefix: string): string {
  if (depth === 0)
    return item.ref.replace(/@sha256:[0-9a-f]{64}$/, `@${digestPrefix}${shortDigest(item.digest)}`);
  return item.kind === 'tag' && item.tag !== undefined
    ? `:${shortTagName(item.tag)}`
    : `@${digestPrefix}${shortDigest(item.digest)}`;
}

/** The job summary / run summary table (GitHub and Azure DevOps both render it). */
export function renderMarkdown(report: RunReport, title = 'acr-lock'): string {
  const rows = treeRows(report).map(({ item, depth }) =>
    [
      // Markdown collapses spaces: indent with non-breaking ones, outside the code span.
      `${'\u00a0\u00a0'.repeat(depth)}\`${objectLabel(item, depth, 'sha256:')}\``,
      whatLabel(item),
      `\`${shortDigest(item.digest)}\``,
      `\`${compactAttributes(item.before)}\` → \`${compactAttributes(item.after)}\``,
      markdownCell(statusLabel(item, report.desired)),
    ].join(' | '),
  );
  return [
    `### ${title}: ${report.action} \`${report.mode}\``,
    '',
    '| Object | What | Digest | Before → after | Status |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r} |`),
    '',
    `Desired: \`${compactAttributes(report.desired)}\` (${ATTRIBUTE_LEGEND}).`,
    '',
    `**${verdict(report)}**`,
    '',
  ].join('\n');
}

/** The human table the CLI prints. */
export function renderText(report: RunReport): string {
  const header = ['OBJECT', 'WHAT', 'DIGEST', 'BEFORE', 'AFTER', 'STATUS'];
  const rows = treeRows(report).map(({ item, depth }) => [
    `${'  '.repeat(depth)}${objectLabel(item, depth, '')}`,
    whatLabel(item),
    shortDigest(item.digest),
    compactAttributes(item.before),
    compactAttributes(item.after),
    statusLabel(item, report.desired),
  ]);
  return [
    ...alignColumns([header, ...rows]),
    '',
    `Desired: ${compactAttributes(report.desired)}  (${ATTRIBUTE_LEGEND})`,
    verdict(report),
  ].join('\n');
}
