import type { RunReport } from '../core/model/result.js';
import { neutralize } from '../core/text/neutralize.js';

/**
 * Last pass over everything a report carries in words: each error message is neutralised again with
 * the run's known secrets, so no output (summary, `result`, `--json`, report file) can hold one.
 */
export function redactReport(report: RunReport, secrets: readonly string[]): RunReport {
  return {
    ...report,
    items: report.items.map((item) =>
      item.error
        ? { ...item, error: { ...item.error, message: neutralize(item.error.message, secrets, 1000) } }
        : item,
    ),
  };
}
