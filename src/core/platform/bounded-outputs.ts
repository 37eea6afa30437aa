import type { ItemResult, RunReport } from '../model/result.js';

/** The `result` output's limit: far below GitHub's 1 MiB for all outputs and Linux's 128 KiB per variable. */
export const RESULT_LIMIT_BYTES = 64 * 1024;
/** The job summary's limit: GitHub refuses a step summary of 1 MiB or more. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024 - 16 * 1024;

const bytes = (text: string) => new TextEncoder().encode(text).length;

/** Failed objects first, then the rest in report order: what a cut report must keep. */
function failedFirst(items: readonly ItemResult[]): ItemResult[] {
  return [...items.filter((i) => i.status === 'failed'), ...items.filter((i) => i.status !== 'failed')];
}

/**
 * The `result` output: the report as compact JSON when it fits in RESULT_LIMIT_BYTES; beyond that the
 * counts, the verdict and as many objects as fit, failed ones first, with `truncated: true`
 * (the full report is in the report file).
 */
export function boundedResult(report: RunReport): string {
  const full = JSON.stringify(report);
  if (bytes(full) <= RESULT_LIMIT_BYTES) return full;
  const ordered = failedFirst(report.items);
  const cut = (n: number) =>
    JSON.stringify({
      action: report.action,
      mode: report.mode,
      desired: report.desired,
      summary: report.summary,
      locked: report.locked,
      ok: report.ok,
      truncated: true,
      itemsShown: n,
      items: ordered.slice(0, n),
    });
  return cut(largestFitting(ordered.length, (n) => bytes(cut(n)) <= RESULT_LIMIT_BYTES));
}

/**
 * The job summary within SUMMARY_LIMIT_BYTES: rendered whole when it fits; otherwise with as many
 * objects as fit (failed first) and a note saying how many were left out and where the rest is.
 */
export function boundedSummary(report: RunReport, render: (report: RunReport) => string): string {
  const full = render(report);
  if (bytes(full) <= SUMMARY_LIMIT_BYTES) return full;
  const ordered = failedFirst(report.items);
  const note = (n: number) =>
    `\n> Shortened: ${ordered.length - n} of ${ordered.length} objects are not shown (failed ones first); ` +
    'the full report is in the `report-file` output.\n';
  const cut = (n: number) => render({ ...report, items: ordered.slice(0, n) }) + note(n);
  return cut(largestFitting(ordered.length, (n) => bytes(cut(n)) <= SUMMARY_LIMIT_BYTES));
}

/**
 * The `digests` output within RESULT_LIMIT_BYTES (each output is one environment variable in a later
 * step): the user's references in order, as many as fit; `shortened` when some were left out.
 */
export function boundedDigests(report: RunReport): { json: string; shortened: boolean } {
  const entries = Object.entries(report.digests);
  const cut = (n: number) => JSON.stringify(Object.fromEntries(entries.slice(0, n)));
  const full = cut(entries.length);
  if (bytes(full) <= RESULT_LIMIT_BYTES) return { json: full, shortened: false };
  return {
    json: cut(largestFitting(entries.length, (n) => bytes(cut(n)) <= RESULT_LIMIT_BYTES)),
    shortened: true,
  };
}

/** The largest n in [0, max] for which fits(n) holds (fits is monotone; fits(0) is assumed). */
function largestFitting(max: number, fits: (n: number) => boolean): number {
  let low = 0;
  let high = max;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}
