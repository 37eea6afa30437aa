import type { RunReport } from './model/result.js';
import type { RegistryClient } from './registry/registry-client.js';
import type { Settings } from './settings/settings.js';
import { resolveTargets } from './plan/resolve-targets.js';
import { planChanges } from './plan/plan-changes.js';
import { evaluatePlan } from './plan/evaluate-plan.js';
import { executePlan } from './apply/execute-plan.js';
import { summarize } from './report/summarize.js';
import type { RunProgress } from './report/progress.js';
import type { Concurrency } from './concurrency/adaptive-concurrency.js';

/** Resolve → plan → (apply | evaluate) → report. The plan is a value: dry-run and verify only evaluate it. */
export async function processTargets(
  settings: Settings,
  clientFor: (loginServer: string) => RegistryClient,
  concurrency: Concurrency = settings.concurrency,
  onProgress: (progress: RunProgress) => void = () => undefined,
): Promise<RunReport> {
  const reading = { phase: 'reading' as const, done: 0, total: settings.targets.length, failed: 0 };
  const subjects = await resolveTargets(settings.targets, clientFor, {
    lockManifest: settings.lockManifest,
    includeReferrers: settings.includeReferrers,
    referrerTypes: settings.referrerTypes,
    referrerDepth: settings.referrerDepth,
    concurrency,
    keepShared:
      !settings.forceUnlockShared &&
      (settings.action === 'apply' || settings.action === 'dry-run') &&
      (settings.desired.writeEnabled === true || settings.desired.deleteEnabled === true),
    onTarget: (reached) => {
      reading.done += 1;
      if (reached.some((s) => s.error)) reading.failed += 1;
      onProgress({ ...reading });
    },
  });
  const plan = planChanges(subjects, settings.desired);
  const writing = { phase: 'writing' as const, done: 0, total: plan.length, failed: 0 };
  const items =
    settings.action === 'apply'
      ? await executePlan(plan, clientFor, {
          desired: settings.desired,
          concurrency,
          onItem: (result) => {
            writing.done += 1;
            if (result.status === 'failed') writing.failed += 1;
            onProgress({ ...writing });
          },
        })
      : evaluatePlan(plan, settings.action);
  return summarize(
    settings.action,
    settings.mode,
    settings.desired,
    settings.targets.map((t) => t.ref),
    items,
  );
}
