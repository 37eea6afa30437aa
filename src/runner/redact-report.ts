import type { RunReport } from '../core/model/result.js';
import type { AuditSummary } from '../core/policy/run-audit.js';
import type { PolicyRow } from '../core/policy/policy-run.js';
import { neutralize } from '../core/text/neutralize.js';

/** A registry's words in an error, neutralised again with the run's known secrets (a registry may echo them). */
const redact = (message: string, secrets: readonly string[]) => neutralize(message, secrets, 1000);

/**
 * Last pass over everything a report carries in words: each error message is neutralised again with
 * the run's known secrets, so no output (summary, `result`, `--json`, report file) can hold one.
 */
export function redactReport(report: RunReport, secrets: readonly string[]): RunReport {
  return {
    ...report,
    items: report.items.map((item) =>
      item.error ? { ...item, error: { ...item.error, message: redact(item.error.message, secrets) } } : item,
    ),
  };
}

/** The same pass over a sweep or enforce row, before it is printed, summarised or written to the report file. */
export function redactRow(row: PolicyRow, secrets: readonly string[]): PolicyRow {
  return row.error ? { ...row, error: { ...row.error, message: redact(row.error.message, secrets) } } : row;
}

/**
 * The same pass over an audit's failures (its objects carry no registry's words, only names, digests
 * and attributes).
 */
export function redactAudit(summary: AuditSummary, secrets: readonly string[]): AuditSummary {
  return {
    ...summary,
    failures: summary.failures.map((failure) => ({ ...failure, message: redact(failure.message, secrets) })),
  };
}
