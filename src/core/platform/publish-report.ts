import type { RunReport } from '../model/result.js';
import type { Platform } from './platform.js';
import { describeDifference } from '../report/describe-difference.js';
import { renderJson, renderMarkdown, verdict } from '../report/render-report.js';

/** Outputs, annotations, summary and the step's result, the same way on every platform. */
export async function publishReport(platform: Platform, report: RunReport): Promise<void> {
  const firstDigest = Object.values(report.digests)[0] ?? '';
  platform.setOutput('digest', firstDigest);
  platform.setOutput('digests', JSON.stringify(report.digests));
  platform.setOutput('changed', String(report.summary.changed));
  platform.setOutput('result', renderJson(report));
  platform.setOutput('locked', String(report.locked));
  for (const item of report.items) {
    if (item.error) platform.error(item.error.message, `acr-lock: ${item.ref} ${item.status}`);
    else if (item.status === 'mismatch') {
      platform.error(
        `${item.ref}: ${describeDifference(item.after ?? item.before, report.desired)}.`,
        `acr-lock: ${item.ref} not ${report.mode}`,
      );
    }
  }
  await platform.writeSummary(renderMarkdown(report));
  platform.info(verdict(report));
  if (!report.ok) platform.setFailed(verdict(report));
}
