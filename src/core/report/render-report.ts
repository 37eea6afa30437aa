import type { DesiredAttributes } from '../model/attributes.js';
import type { ItemResult, RunReport } from '../model/result.js';
import { describeDifference } from './describe-difference.js';
import { ATTRIBUTE_LEGEND, compactAttributes } from './render-attributes.js';

/** The machine-readable report (the `result` output, `--json`). */
export function renderJson(report: RunReport): string {
  return JSON.stringify(report, null, 2);
}

/** One line saying whether the run did what it promised. */
export function verdict(report: RunReport): string {
  const s = report.summary;
  const counts =
    `${s.total} object(s): ${s.changed} changed, ${s.unchanged} unchanged` +
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

const ROLE_LABEL: Readonly<Record<ItemResult['role'], string>> = {
  target: '',
  manifest: ' (of tag)',
  child: ' (index child)',
  referrer: ' (referrer)',
};

function whatLabel(item: ItemResult): string {
  return `${item.kind}${ROLE_LABEL[item.role]}`;
}

function statusLabel(item: ItemResult, desired: DesiredAttributes): string {
  if (item.keptBy) return `${item.status}: still protected by ${item.keptBy.join(', ')}`;
  if (item.error) return `${item.status}: ${item.error.message}`;
  if (item.status === 'mismatch')
    return `mismatch: ${describeDifference(item.after ?? item.before, desired)}`;
  return item.status;
}

const ROLE_ORDER: Readonly<Record<ItemResult['role'], number>> = {
  target: 0,
  manifest: 1,
  child: 2,
  referrer: 2,
};

/**
 * The items grouped per image, in the order the user named the images: the tag (or digest, or
 * repository), then its manifest, then the index's children and the referrers. `depth` indents each
 * under what it belongs to.
 */
export function groupedItems(report: RunReport): Array<{ item: ItemResult; depth: number }> {
  const order = new Map<string, number>();
  for (const item of report.items) if (!order.has(item.target)) order.set(item.target, order.size);
  const grouped = report.items
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        (order.get(a.item.target) ?? 0) - (order.get(b.item.target) ?? 0) ||
        ROLE_ORDER[a.item.role] - ROLE_ORDER[b.item.role] ||
        a.index - b.index,
    );
  return grouped.map(({ item }) => {
    const underTag = report.items.some(
      (i) => i.target === item.target && i.kind === 'tag' && i.role === 'target',
    );
    const depth = item.role === 'target' ? 0 : item.role === 'manifest' || !underTag ? 1 : 2;
    return { item, depth };
  });
}

/** `repo:tag` as given; a manifest under it by its short digest, which its indentation ties to its tag. */
function objectLabel(item: ItemResult, depth: number, digestPrefix: string): string {
  const short = `@${digestPrefix}${shortDigest(item.digest)}`;
  return depth === 0 ? item.ref.replace(/@sha256:[0-9a-f]{64}$/, short) : short;
}

/** The job summary / run summary table (GitHub and Azure DevOps both render it). */
export function renderMarkdown(report: RunReport, title = 'acr-lock'): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = groupedItems(report).map(({ item, depth }) =>
    [
      // Markdown collapses spaces: indent with non-breaking ones, outside the code span.
      `${'\u00a0\u00a0'.repeat(depth)}\`${objectLabel(item, depth, 'sha256:')}\``,
      whatLabel(item),
      `\`${shortDigest(item.digest)}\``,
      `\`${compactAttributes(item.before)}\` → \`${compactAttributes(item.after)}\``,
      escape(statusLabel(item, report.desired)),
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
  const rows = groupedItems(report).map(({ item, depth }) => [
    `${'  '.repeat(depth)}${objectLabel(item, depth, '')}`,
    whatLabel(item),
    shortDigest(item.digest),
    compactAttributes(item.before),
    compactAttributes(item.after),
    statusLabel(item, report.desired),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    ...rows.map(line),
    '',
    `Desired: ${compactAttributes(report.desired)}  (${ATTRIBUTE_LEGEND})`,
    verdict(report),
  ].join('\n');
}
