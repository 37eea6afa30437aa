import {
  CHECKPOINT_VERSION,
  advanceMark,
  checkpointMismatch,
  updatedSince,
  type Checkpoint,
  type RepositoryMark,
} from './checkpoint.js';
import type { TagListing } from './listing.js';
import type { ListingRegistry } from './listing-port.js';
import { applyManifestDemands, type ManifestDemand } from './manifest-pass.js';
import { ageHorizonMs } from './match-tag.js';
import { planTagPage } from './plan-tag-page.js';
import type { Policy } from './policy.js';
import { eachRepository, type PolicyCounts, type PolicyRunOptions } from './policy-run.js';
import { writeTagDecisions } from './write-tags.js';

export interface EnforceOptions extends PolicyRunOptions {
  /** The previous pass's checkpoint; absent (or for another registry or policy): a full pass. */
  readonly checkpoint?: Checkpoint;
  readonly loginServer: string;
  readonly policyDigest: string;
}

export interface EnforceResult {
  readonly counts: PolicyCounts;
  /** The checkpoint to keep for the next pass. */
  readonly checkpoint: Checkpoint;
  /** Why this pass started from scratch, when a checkpoint was given but could not be used. */
  readonly fullPassReason?: string;
  /** Tags read from the listings (new since the checkpoint). */
  readonly tagsRead: number;
}

/** Tags written per batch: a pass holds at most this many planned tags at once. */
const BATCH = 100;

/**
 * One incremental pass: per repository, only the tags updated since the checkpoint (a newest-first
 * listing read until it reaches the mark), planned and written like a sweep. A repository's mark
 * moves only when all its tags went through, and never past tags an age filter may still decide
 * otherwise. Tags are read before any is written, so a write cannot reorder the listing being read.
 */
export async function runEnforce(
  registry: ListingRegistry,
  policy: Policy,
  options: EnforceOptions,
): Promise<EnforceResult> {
  const mismatch = options.checkpoint ? checkpointMismatch(options.checkpoint, options) : undefined;
  const previous = options.checkpoint && mismatch === undefined ? options.checkpoint.repositories : {};
  const marks = new Map<string, RepositoryMark>(Object.entries(previous));
  let tagsRead = 0;

  const counts = await eachRepository(registry, policy, options, async (repository, rules, run) => {
    const mark = marks.get(repository);
    const updated: TagListing[] = [];
    for await (const page of registry.listTagPages(repository, 'newest-first')) {
      const { updated: fresh, reached } = updatedSince(page, mark);
      updated.push(...fresh);
      if (reached) break;
    }
    tagsRead += updated.length;
    const demands = new Map<string, ManifestDemand>();
    let ok = true;
    for (let i = 0; i < updated.length; i += BATCH) {
      const decisions = planTagPage(rules, updated.slice(i, i + BATCH), options.nowMs);
      const written = await writeTagDecisions(decisions, demands, registry, run);
      ok &&= written;
    }
    const manifestsOk = await applyManifestDemands(
      registry,
      repository,
      demands,
      registry.listManifestPages(repository, 'newest-first'),
      { ...run, ...(mark ? { stopBeforeMs: mark.newestMs } : {}) },
    );
    if (ok && manifestsOk && !options.dryRun) {
      // Without age filters a verdict never changes with time: no need to compare our clock with
      // the registry's (which may run ahead of it).
      const horizon = ageHorizonMs(rules);
      const next = advanceMark(mark, updated, horizon > 0 ? options.nowMs - horizon : Infinity);
      if (next) marks.set(repository, next);
    }
  });

  return {
    counts,
    checkpoint: {
      version: CHECKPOINT_VERSION,
      loginServer: options.loginServer,
      policyDigest: options.policyDigest,
      repositories: Object.fromEntries(marks),
    },
    ...(mismatch !== undefined ? { fullPassReason: mismatch } : {}),
    tagsRead,
  };
}
