import { compactAttributes, ATTRIBUTE_LEGEND } from '../report/render-attributes.js';
import { alignedLine, markdownCell } from '../report/table-text.js';
import type { Finding } from './audit-findings.js';
import { manifestRef, tagRef } from './listing.js';
import type { AuditObject, AuditedObject, AuditSummary } from './run-audit.js';

export const AUDIT_FORMATS = ['table', 'json', 'markdown', 'csv'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** Findings that fail a gate (`fail-on-findings`): warnings inform, they do not fail. */
export function failingFindings(summary: AuditSummary): Finding[] {
  return summary.findings.filter((f) => f.severity === 'error');
}

export function auditVerdict(summary: AuditSummary): string {
  const errors = failingFindings(summary).length;
  const warnings = summary.findings.length - errors;
  const failed = summary.failures.length ? `, ${summary.failures.length} repositories not read` : '';
  return (
    `${errors ? '❌' : '✅'} audit of ${summary.repositories} repositories, ${summary.objects} objects: ` +
    `${errors} finding(s), ${warnings} warning(s)${failed}.`
  );
}

/**
 * One format's text of an audit, made a piece at a time as the objects come (AuditRun), so that no
 * whole report is ever held: the opening, then each repository's pieces, then the closing. One
 * instance per text: it counts what it has written.
 */
export interface AuditText {
  opening(repositories: number): string;
  /** One repository's objects: a piece per object (the Markdown summary keeps its first rows instead). */
  rows(objects: Iterable<AuditedObject>): Iterable<string>;
  /**
   * After the last repository: the findings, the failures and the verdict, as the format has them, a
   * piece per finding (a first audit of a large repository can find one per tag).
   */
  closing(summary: AuditSummary): Iterable<string>;
}

export function auditText(format: AuditFormat): AuditText {
  switch (format) {
    case 'json':
      return jsonText();
    case 'csv':
      return csvText();
    case 'markdown':
      return markdownText();
    case 'table':
      return tableText();
  }
}

function refOf(o: AuditObject): string {
  if (o.kind === 'tag' && o.tag !== undefined) return tagRef(o.repository, o.tag);
  return o.digest !== undefined ? manifestRef(o.repository, o.digest) : o.repository;
}

/** `JSON.stringify(value, null, 2)` as it reads nested `depth` levels deep. */
function nestedJson(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/** Byte for byte `JSON.stringify({ repositories, objects, findings, failures }, null, 2)`, and a newline. */
function jsonText(): AuditText {
  let written = 0;
  return {
    opening: (repositories) => `{\n  "repositories": ${repositories},\n  "objects": [`,
    *rows(objects) {
      for (const { object } of objects) yield `${written++ === 0 ? '' : ','}\n    ${nestedJson(object, 2)}`;
    },
    *closing({ findings, failures }) {
      yield `${written > 0 ? '\n  ' : ''}],\n  "findings": ${findings.length === 0 ? '[]' : '['}`;
      for (const [i, finding] of findings.entries())
        yield `${i === 0 ? '' : ','}\n    ${nestedJson(finding, 2)}`;
      yield `${findings.length === 0 ? '' : '\n  ]'},\n  "failures": ${nestedJson(failures, 1)}\n}\n`;
    },
  };
}

const CSV_HEADER = [
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

/** RFC 4180: every field quoted, quotes doubled; one row per object, its finding kinds joined. */
function csvText(): AuditText {
  const line = (fields: readonly (string | boolean)[]): string =>
    `${fields.map((value) => `"${String(value).replace(/"/g, '""')}"`).join(',')}\r\n`;
  return {
    opening: () => line(CSV_HEADER),
    *rows(objects) {
      for (const { object: o, findings } of objects) {
        yield line([
          o.kind,
          o.repository,
          o.tag ?? '',
          o.digest ?? '',
          o.attributes.writeEnabled,
          o.attributes.deleteEnabled,
          o.attributes.readEnabled,
          o.attributes.listEnabled,
          findings.map((f) => f.kind).join(' '),
        ]);
      }
    },
    closing: () => [],
  };
}

/**
 * The job summary: findings first (what to act on), at most `maxFindings` of them, then the objects,
 * at most `maxRows`: GitHub refuses a summary of 1 MiB or more, and the report file has them all.
 */
function markdownText(maxRows = 50, maxFindings = 100): AuditText {
  const first: string[] = [];
  return {
    opening: () => '',
    rows(objects) {
      for (const { object: o } of objects) {
        if (first.length >= maxRows) break;
        first.push(`| \`${markdownCell(refOf(o))}\` | \`${compactAttributes(o.attributes)}\` |`);
      }
      return [];
    },
    closing(summary) {
      const lines = ['### acr-lock audit', '', `**${auditVerdict(summary)}**`, ''];
      if (summary.findings.length > 0) {
        lines.push('| Finding | Object | Detail |', '| --- | --- | --- |');
        for (const f of summary.findings.slice(0, maxFindings)) {
          lines.push(
            `| ${f.severity === 'error' ? '❌' : '⚠️'} ${f.kind} | \`${markdownCell(f.object)}\` | ${markdownCell(f.message)} |`,
          );
        }
        if (summary.findings.length > maxFindings)
          lines.push(
            '',
            `…and ${summary.findings.length - maxFindings} more findings (see the report file).`,
          );
        lines.push('');
      }
      for (const failure of summary.failures)
        lines.push(`- ❌ \`${failure.repository}\`: ${markdownCell(failure.message)}`);
      lines.push('| Object | Attributes |', '| --- | --- |', ...first);
      if (summary.objects > maxRows)
        lines.push('', `…and ${summary.objects - maxRows} more objects (see the report file).`);
      lines.push('', `${ATTRIBUTE_LEGEND}.`, '');
      return [lines.join('\n')];
    },
  };
}

const TABLE_HEADER = ['OBJECT', 'ATTRIBUTES', 'FINDINGS'] as const;

/**
 * The terminal table: one line per object with its findings' kinds, then the findings in full. Its
 * columns are as wide as the widest cell of each repository (the whole audit is never held to measure
 * it): a header heads each repository's lines.
 */
function tableText(): AuditText {
  let blocks = 0;
  const cellsOf = ({ object, findings }: AuditedObject): string[] => [
    refOf(object),
    compactAttributes(object.attributes),
    findings.map((f) => f.kind).join(', '),
  ];
  return {
    opening: () => '',
    *rows(objects) {
      const widths = TABLE_HEADER.map((cell) => cell.length);
      for (const object of objects)
        cellsOf(object).forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
      yield `${blocks++ === 0 ? '' : '\n'}${alignedLine(TABLE_HEADER, widths)}\n`;
      for (const object of objects) yield `${alignedLine(cellsOf(object), widths)}\n`;
    },
    *closing(summary) {
      yield `${blocks === 0 ? `${alignedLine(TABLE_HEADER, [])}\n` : ''}\n`;
      for (const f of summary.findings)
        yield `${f.severity === 'error' ? 'finding' : 'warning'} ${f.kind} ${f.object}: ${f.message}\n`;
      for (const failure of summary.failures) yield `failed ${failure.repository}: ${failure.message}\n`;
      yield `${auditVerdict(summary)}\n`;
    },
  };
}
