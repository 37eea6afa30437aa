import type { ItemResult, RunReport } from '../model/result.js';
import type { Platform } from './platform.js';
import { describeDifference } from '../report/describe-difference.js';
import { boundedDigests, boundedResult, boundedSummary } from './bounded-outputs.js';
import { renderJson, renderMarkdown, verdict } from '../report/render-report.js';

/** Outputs, annotations, summary and the step's result, the same way on every platform. */
export async function publishReport(platform: Platform, report: RunReport): Promise<void> {
  const firstDigest = Object.values(report.digests)[0] ?? '';
  platform.setOutput('digest', firstDigest);
  const digests = boundedDigests(report);
  platform.setOutput('digests', digests.json);
  if (digests.shortened)
    platform.warning(
      'The digests output holds the first references only (64 KiB); every digest is in report-file.',
    );
  platform.setOutput('changed', String(report.summary.changed));
  platform.setOutput('result', boundedResult(report));
  platform.setOutput('locked', String(report.locked));
  if (platform.writeReportFile)
    platform.setOutput('report-file', await platform.writeReportFile(renderJson(report)));
  for (const [message, items] of groupByError(report.items)) {
    const first = items[0] as ItemResult;
    if (items.length === 1) platform.error(message, `acr-lock: ${first.ref} ${first.status}`);
    else {
      const refs = items.slice(0, 3).map((i) => i.ref);
      const more = items.length > 3 ? `, and ${items.length - 3} more` : '';
      platform.error(`${message} (${refs.join(', ')}${more})`, `acr-lock: ${items.length} objects failed`);
    }
  }
  for (const item of report.items) {
    if (item.status === 'kept') {
      platform.warning(
        `${item.ref} was not unlocked: ${item.keptBy?.join(', ')} still protect it. ` +
          'force-unlock-shared: true unlocks it anyway.',
      );
    } else if (item.status === 'mismatch') {
      platform.error(
        `${item.ref}: ${describeDifference(item.after ?? item.before, report.desired)}.`,
        `acr-lock: ${item.ref} not ${report.mode}`,
      );
    }
  }
  await platform.writeSummary(boundedSummary(report, renderMarkdown));
  platform.info(verdict(report));
  if (!report.ok) platform.setFailed(verdict(report));
}

/** Items that failed for the same reason share one annotation (a refused password is said once). */
function groupByError(items: readonly ItemResult[]): Map<string, ItemResult[]> {
  const groups = new Map<string, ItemResult[]>();
  for (const item of items) {
    if (!item.error) continue;
    const group = groups.get(item.error.message);
    if (group) group.push(item);
    else groups.set(item.error.message, [item]);
  }
  return groups;
}
