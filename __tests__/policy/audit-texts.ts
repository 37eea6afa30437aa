import type { Finding } from '../../src/core/policy/audit-findings.js';
import type { ListingRegistry } from '../../src/core/policy/listing-port.js';
import type { Policy } from '../../src/core/policy/policy.js';
import {
  AUDIT_FORMATS,
  auditText,
  type AuditFormat,
  type AuditText,
} from '../../src/core/policy/render-audit.js';
import {
  startAudit,
  type AuditFailure,
  type AuditObject,
  type AuditOptions,
  type AuditSummary,
} from '../../src/core/policy/run-audit.js';
import { auditPieces } from '../../src/runner/audit-pieces.js';

/** Everything an audit reported, gathered for assertions (a run never gathers it: it writes as it reads). */
export interface AuditReport {
  readonly repositories: number;
  readonly objects: readonly AuditObject[];
  readonly findings: readonly Finding[];
  readonly failures: readonly AuditFailure[];
}

export interface AuditTexts {
  readonly report: AuditReport;
  readonly summary: AuditSummary;
  /** Each format's whole text, as the runner writes it piece by piece. */
  readonly text: Readonly<Record<AuditFormat, string>>;
  /** The report file's text (JSON), as the runner yields it to the platform. */
  readonly file: string;
}

/** Runs an audit through the runner's walk with every format as an outlet, and gathers what they wrote. */
export async function auditTexts(
  registry: ListingRegistry,
  policy: Policy,
  options: AuditOptions,
): Promise<AuditTexts> {
  const audit = await startAudit(registry, policy, options);
  const objects: AuditObject[] = [];
  const gather: AuditText = {
    opening: () => '',
    rows(rows) {
      for (const { object } of rows) objects.push(object);
      return [];
    },
    closing: () => [],
  };
  const text = Object.fromEntries(AUDIT_FORMATS.map((format) => [format, ''])) as Record<AuditFormat, string>;
  let file = '';
  let summary: AuditSummary | undefined;
  const pieces = auditPieces(
    audit,
    auditText('json'),
    [
      { text: gather, write: () => undefined },
      ...AUDIT_FORMATS.map((format) => ({
        text: auditText(format),
        write: (piece: string) => {
          text[format] += piece;
        },
      })),
    ],
    (s) => (summary = s),
  );
  for await (const piece of pieces) file += piece;
  if (!summary) throw new Error('the walk ended without its summary');
  const { repositories, findings, failures } = summary;
  return { report: { repositories, objects, findings, failures }, summary, text, file };
}
