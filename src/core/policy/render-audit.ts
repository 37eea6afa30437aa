import { compactAttributes, ATTRIBUTE_LEGEND } from '../report/render-attributes.js';
import { alignColumns, markdownCell } from '../report/table-text.js';
import type { Finding } from './audit-findings.js';
import { manifestRef, tagRef } from './listing.js';
import type { AuditObject, AuditReport } from './run-audit.js';

export const AUDIT_FORMATS = ['table', 'json', 'markdown', 'csv'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** Findings that fail a gate (`fail-on-findings`): warnings inform, they do not fail. */
export function failingFindings(report: AuditReport): Finding[] {
  return report.findings.filter((f) => f.severity === 'error');
}

export function auditVerdict(report: AuditReport): string {
  const errors = failingFindings(report).length;
  const warnings = report.findings.length - errors;
  const failed = report.failures.length ? `, ${report.failures.length} repositories not read` : '';
  return (
    `${errors ? '❌' : '✅'} audit of ${report.repositories} repositories, ${report.objects.length} objects: ` +
    `${errors} finding(s), ${warnings} warning(s)${failed}.`
  );
}

export function renderAudit(report: AuditReport, format: AuditFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return renderCsv(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'table':
      return renderTable(report);
  }
}

function refOf(o: AuditObject): string {
  if (o.kind === 'tag' && o.tag !== undefined) return tagRef(o.repository, o.tag);
  return o.digest !== undefined ? manifestRef(o.repository, o.digest) : o.repository;
}

function findingsByObject(report: AuditReport): Map<string, Finding[]> {
  const byObject = new Map<string, Finding[]>();
  for (const finding of report.findings)
    byObject.set(finding.object, [...(byObject.get(finding.object) ?? []), finding]);
  return byObject;
}

/** RFC 4180: every field quoted, quotes doubled; one row per object, its finding kinds joined. */
function renderCsv(report: AuditReport): string {
  const byObject = findingsByObject(report);
  const field = (value: string | boolean): string => `"${String(value).replace(/"/g, '""')}"`;
  const header = [
    'kind',
    'repository',
    'tag',
    'digest',
    'writeEnabled',
    'deleteEnabled',
    'readEnabled',
    'listEnabled',
    'findings',
  ];
  const rows = report.objects.map((o) => [
    o.kind,
    o.repository,
    o.tag ?? '',
    o.digest ?? '',
    o.attributes.writeEnabled,
    o.attributes.deleteEnabled,
    o.attributes.readEnabled,
    o.attributes.listEnabled,
    (byObject.get(refOf(o)) ?? []).map((f) => f.kind).join(' '),
  ]);
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

/** The job summary: findings first (what to act on), then the objects, at most `maxRows` of them. */
function renderMarkdown(report: AuditReport, maxRows = 50): string {
  const lines = ['### acr-lock audit', '', `**${auditVerdict(report)}**`, ''];
  if (report.findings.length > 0) {
    lines.push('| Finding | Object | Detail |', '| --- | --- | --- |');
    for (const f of report.findings) {
      lines.push(
        `| ${f.severity === 'error' ? '❌' : '⚠️'} ${f.kind} | \`${markdownCell(f.object)}\` | ${markdownCell(f.message)} |`,
      );
    }
    lines.push('');
  }
  for (const failure of report.failures)
    lines.push(`- ❌ \`${failure.repository}\`: ${markdownCell(failure.message)}`);
  lines.push('| Object | Attributes |', '| --- | --- |');
  for (const o of report.objects.slice(0, maxRows))
    lines.push(`| \`${markdownCell(refOf(o))}\` | \`${compactAttributes(o.attributes)}\` |`);
  if (report.objects.length > maxRows)
    lines.push('', `…and ${report.objects.length - maxRows} more objects (see the report file).`);
  lines.push('', `${ATTRIBUTE_LEGEND}.`, '');
  return lines.join('\n');
}

/** The terminal table: one line per object with its findings' kinds, then the findings in full. */
function renderTable(report: AuditReport): string {
  const byObject = findingsByObject(report);
  const rows = report.objects.map((o) => [
    refOf(o),
    compactAttributes(o.attributes),
    (byObject.get(refOf(o)) ?? []).map((f) => f.kind).join(', '),
  ]);
  const out = [...alignColumns([['OBJECT', 'ATTRIBUTES', 'FINDINGS'], ...rows]), ''];
  for (const f of report.findings)
    out.push(`${f.severity === 'error' ? 'finding' : 'warning'} ${f.kind} ${f.object}: ${f.message}`);
  for (const failure of report.failures) out.push(`failed ${failure.repository}: ${failure.message}`);
  out.push(auditVerdict(report), '');
  return out.join('\n');
}
