import type { ItemResult, RunReport } from '../model/result.js';
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

function statusLabel(item: ItemResult): string {
  if (item.keptBy) return `${item.status}: still protected by ${item.keptBy.join(', ')}`;
  return item.error ? `${item.status}: ${item.error.message}` : item.status;
}

/** The job summary / run summary table (GitHub and Azure DevOps both render it). */
export function renderMarkdown(report: RunReport, title = 'acr-lock'): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = report.items.map((item) =>
    [
      `\`${item.ref.replace(/@sha256:[0-9a-f]{64}$/, `@sha256:${shortDigest(item.digest)}`)}\``,
      whatLabel(item),
      `\`${shortDigest(item.digest)}\``,
      `\`${compactAttributes(item.before)}\` → \`${compactAttributes(item.after)}\``,
      escape(statusLabel(item)),
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
  const rows = report.items.map((item) => [
    item.ref.replace(/@sha256:[0-9a-f]{64}$/, `@${shortDigest(item.digest)}`),
    whatLabel(item),
    shortDigest(item.digest),
    compactAttributes(item.before),
    compactAttributes(item.after),
    statusLabel(item),
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
