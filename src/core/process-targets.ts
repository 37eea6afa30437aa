import type { RunReport } from './model/result.js';
import type { RegistryClient } from './registry/registry-client.js';
import type { Settings } from './settings/settings.js';
import { resolveTargets } from './plan/resolve-targets.js';
import { planChanges } from './plan/plan-changes.js';
import { evaluatePlan } from './plan/evaluate-plan.js';
import { executePlan } from './apply/execute-plan.js';
import { summarize } from './report/summarize.js';

/** Resolve → plan → (apply | evaluate) → report. The plan is a value: dry-run and verify only evaluate it. */
export async function processTargets(
  settings: Settings,
  clientFor: (loginServer: string) => RegistryClient,
  concurrency = settings.concurrency,
): Promise<RunReport> {
  const subjects = await resolveTargets(settings.targets, clientFor, {
    lockManifest: settings.lockManifest,
    includeReferrers: settings.includeReferrers,
    referrerTypes: settings.referrerTypes,
    referrerDepth: settings.referrerDepth,
    concurrency,
  });
  const plan = planChanges(subjects, settings.desired);
  const items =
    settings.action === 'apply'
      ? await executePlan(plan, clientFor, { desired: settings.desired, concurrency })
      : evaluatePlan(plan, settings.action);
  return summarize(
    settings.action,
    settings.mode,
    settings.desired,
    settings.targets.map((t) => t.ref),
    items,
  );
}
