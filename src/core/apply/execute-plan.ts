import { phaseLimit, type Concurrency } from '../concurrency/adaptive-concurrency.js';
import type { DesiredAttributes, LockAttributes } from '../model/attributes.js';
import type { ItemResult } from '../model/result.js';
import type { RegistryClient } from '../registry/registry-client.js';
import { toItemError } from '../item-error.js';
import { hasChanges, matchesDesired, type PlanItem } from '../plan/plan-changes.js';
import type { Subject } from '../model/subjects.js';
import { itemResult } from '../report/item-result.js';

export interface ExecuteOptions {
  readonly desired: DesiredAttributes;
  readonly concurrency: Concurrency;
  /** Called as each object is done. */
  readonly onItem?: (result: ItemResult) => void;
}

/**
 * Writes what the plan says, manifests first and then tags and repositories, with bounded concurrency.
 * Each write's answer is the read-back: it must show the desired attributes, and a tag must still point
 * at the digest that was resolved (locked last, its answer proves what it was locked at).
 */
export async function executePlan(
  plan: readonly PlanItem[],
  clientFor: (loginServer: string) => RegistryClient,
  options: ExecuteOptions,
): Promise<ItemResult[]> {
  const limit = phaseLimit(options.concurrency);
  const results = new Map<PlanItem, ItemResult>();
  const phases = [
    plan.filter((i) => i.subject.kind === 'manifest'),
    plan.filter((i) => i.subject.kind !== 'manifest'),
  ];
  for (const phase of phases) {
    await Promise.all(
      phase.map((item) =>
        limit(async () => {
          const result = await executeItem(item, clientFor(item.subject.loginServer), options.desired);
          results.set(item, result);
          options.onItem?.(result);
        }),
      ),
    );
  }
  return plan.map((item) => results.get(item) as ItemResult);
}

async function executeItem(
  item: PlanItem,
  client: RegistryClient,
  desired: DesiredAttributes,
): Promise<ItemResult> {
  const { subject, changes } = item;
  if (!subject.current || subject.error) return itemResult(subject, { status: 'failed', matches: false });
  if (subject.keptBy) return itemResult(subject, { status: 'kept', matches: false, after: subject.current });
  if (!hasChanges(changes)) {
    const moved = subject.kind === 'tag' ? await confirmTag(subject, client) : undefined;
    if (moved) return moved;
    return itemResult(subject, { status: 'unchanged', matches: true, after: subject.current });
  }
  let after: LockAttributes;
  let digestAfter: string | undefined;
  try {
    const written = await write(subject, changes, client);
    after = written.attributes;
    digestAfter = written.digest;
  } catch (error) {
    return itemResult(subject, { status: 'failed', matches: false, error: toItemError(error) });
  }
  if (subject.kind === 'tag' && digestAfter !== subject.digest) {
    const message =
      `${subject.repository}:${subject.tag} moved from ${subject.digest} to ${digestAfter} while it was being changed; ` +
      `the attributes were applied to the tag at ${digestAfter}, and the manifest handled was ${subject.digest}.`;
    return itemResult(subject, {
      status: 'failed',
      matches: false,
      after,
      digest: digestAfter,
      error: { kind: 'moved', message },
    });
  }
  if (!matchesDesired(after, desired)) {
    const message = `${subject.repository}: the registry accepted the change but reports different attributes afterwards.`;
    return itemResult(subject, {
      status: 'failed',
      matches: false,
      after,
      error: { kind: 'not-applied', message },
    });
  }
  return itemResult(subject, { status: 'changed', matches: true, after });
}

async function write(
  subject: Subject,
  changes: DesiredAttributes,
  client: RegistryClient,
): Promise<{ attributes: LockAttributes; digest?: string }> {
  switch (subject.kind) {
    case 'tag':
      return client.updateTag(subject.repository, subject.tag, changes);
    case 'manifest':
      return client.updateManifest(subject.repository, subject.digest, changes);
    case 'repository':
      return client.updateRepository(subject.repository, changes);
  }
}

/**
 * A tag that needed no write is read once after the manifest writes: it must still point at the digest
 * that was handled (a push between resolve and the manifest write would leave the new digest open).
 * Undefined when it does; otherwise the failed result saying where it went or why it could not be read.
 */
async function confirmTag(
  subject: Extract<Subject, { kind: 'tag' }>,
  client: RegistryClient,
): Promise<ItemResult | undefined> {
  let now;
  try {
    now = await client.getTag(subject.repository, subject.tag);
  } catch (error) {
    const failed = toItemError(error);
    const message = `${subject.repository}:${subject.tag} could not be confirmed to still point at ${subject.digest}: ${failed.message}`;
    return itemResult(subject, { status: 'failed', matches: false, error: { ...failed, message } });
  }
  if (now.digest === subject.digest) return undefined;
  const message =
    `${subject.repository}:${subject.tag} moved from ${subject.digest} to ${now.digest} during the run; ` +
    `the manifest handled was ${subject.digest}, and ${now.digest} was not changed.`;
  return itemResult(subject, {
    status: 'failed',
    matches: false,
    after: now.attributes,
    digest: now.digest,
    error: { kind: 'moved', message },
  });
}
