import type { TagListing } from './listing.js';
import { isJsonObject } from './json-object.js';

export const CHECKPOINT_VERSION = 1;

/**
 * How far one repository has been enforced: the newest tag update seen, and the tags updated at that
 * very instant (another tag may share it and not have been listed yet).
 */
export interface RepositoryMark {
  readonly newestMs: number;
  readonly namesAtNewest: readonly string[];
}

/** An enforce pass's memory, kept in a file between passes. */
export interface Checkpoint {
  readonly version: typeof CHECKPOINT_VERSION;
  readonly loginServer: string;
  /** A digest of the policy the marks were made under: another policy needs a full sweep. */
  readonly policyDigest: string;
  readonly repositories: Readonly<Record<string, RepositoryMark>>;
}

/** A checkpoint file that cannot be read; the message names the file and what is wrong. */
export class CheckpointError extends Error {
  constructor(source: string, problem: string) {
    super(`Checkpoint ${source}: ${problem}`);
    this.name = 'CheckpointError';
  }
}

/**
 * Filters one page of a listing ordered newest first (`orderby=timedesc`) to the tags updated since
 * the mark. `reached` says the page got to the mark: the pass stops listing this repository, so its
 * cost follows the new tags, not the repository's size. Without a mark every tag is new.
 */
export function updatedSince(
  page: readonly TagListing[],
  mark: RepositoryMark | undefined,
): { readonly updated: TagListing[]; readonly reached: boolean } {
  if (!mark) return { updated: [...page], reached: false };
  const updated: TagListing[] = [];
  for (const tag of page) {
    // A time that cannot be read is treated as new: enforcing twice is safe, skipping is not.
    if (tag.lastUpdatedMs === undefined || tag.lastUpdatedMs > mark.newestMs) updated.push(tag);
    else if (tag.lastUpdatedMs < mark.newestMs) return { updated, reached: true };
    else if (!mark.namesAtNewest.includes(tag.name)) updated.push(tag);
  }
  return { updated, reached: false };
}

/**
 * The mark after a pass has handled these tags (any order); the previous mark when they are older.
 * Tags updated after `settledBeforeMs` are left out: an age filter may still change their verdict
 * (a tag too young to lock now is old enough later), so the next pass must see them again.
 */
export function advanceMark(
  mark: RepositoryMark | undefined,
  handled: readonly TagListing[],
  settledBeforeMs = Infinity,
): RepositoryMark | undefined {
  let newestMs = mark?.newestMs;
  let names = new Set(mark?.namesAtNewest ?? []);
  for (const { lastUpdatedMs, name } of handled) {
    if (lastUpdatedMs === undefined || lastUpdatedMs > settledBeforeMs) continue;
    if (newestMs === undefined || lastUpdatedMs > newestMs) {
      newestMs = lastUpdatedMs;
      names = new Set([name]);
    } else if (lastUpdatedMs === newestMs) names.add(name);
  }
  return newestMs === undefined ? undefined : { newestMs, namesAtNewest: [...names].sort() };
}

/** Why a checkpoint cannot be continued (then the pass is a full sweep), or undefined when it can. */
export function checkpointMismatch(
  checkpoint: Checkpoint,
  current: { readonly loginServer: string; readonly policyDigest: string },
): string | undefined {
  if (checkpoint.loginServer !== current.loginServer) {
    return `it was made for ${checkpoint.loginServer}, not ${current.loginServer}`;
  }
  if (checkpoint.policyDigest !== current.policyDigest) return 'the policy has changed since it was made';
  return undefined;
}

/** Stable JSON (repositories sorted, times as ISO 8601), so a cached file diffs cleanly. */
export function serializeCheckpoint(checkpoint: Checkpoint): string {
  // fromEntries defines properties, so no name (not even __proto__) can reach a prototype.
  const repositories = Object.fromEntries(
    Object.entries(checkpoint.repositories)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, mark]) => [
        name,
        { newest: new Date(mark.newestMs).toISOString(), tagsAtNewest: mark.namesAtNewest },
      ]),
  );
  return `${JSON.stringify(
    {
      version: checkpoint.version,
      loginServer: checkpoint.loginServer,
      policyDigest: checkpoint.policyDigest,
      repositories,
    },
    null,
    2,
  )}\n`;
}

/** Reads a checkpoint file's text; anything but this version's exact shape is a CheckpointError. */
export function parseCheckpoint(text: string, source: string): Checkpoint {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(source, `not JSON: ${(error as Error).message}`);
  }
  if (!isJsonObject(value)) throw new CheckpointError(source, 'not a JSON object');
  if (value.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(
      source,
      `version ${JSON.stringify(value.version)} is not ${CHECKPOINT_VERSION}: delete the file to start with a full sweep`,
    );
  }
  const { loginServer, policyDigest, repositories } = value;
  if (typeof loginServer !== 'string' || loginServer === '') {
    throw new CheckpointError(source, 'loginServer is not a non-empty string');
  }
  if (typeof policyDigest !== 'string') throw new CheckpointError(source, 'policyDigest is not a string');
  if (!isJsonObject(repositories)) throw new CheckpointError(source, 'repositories is not an object');
  const marks = Object.fromEntries(
    Object.entries(repositories).map(([name, mark]) => [
      name,
      parseMark(mark, `repositories.${name}`, source),
    ]),
  );
  return { version: CHECKPOINT_VERSION, loginServer, policyDigest, repositories: marks };
}

function parseMark(value: unknown, field: string, source: string): RepositoryMark {
  if (!isJsonObject(value)) throw new CheckpointError(source, `${field} is not an object`);
  const newestMs = typeof value.newest === 'string' ? Date.parse(value.newest) : NaN;
  if (!Number.isFinite(newestMs))
    throw new CheckpointError(source, `${field}.newest is not an ISO 8601 time`);
  const names = value.tagsAtNewest;
  if (!Array.isArray(names) || !names.every((n): n is string => typeof n === 'string')) {
    throw new CheckpointError(source, `${field}.tagsAtNewest is not a list of tag names`);
  }
  return { newestMs, namesAtNewest: names };
}
