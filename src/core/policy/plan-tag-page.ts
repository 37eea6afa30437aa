import { ATTRIBUTE_NAMES, type AttributeName, type DesiredAttributes } from '../model/attributes.js';
import { diffAttributes } from '../plan/plan-changes.js';
import type { TagListing } from './listing.js';
import { matchTag, type TagVerdict } from './match-tag.js';
import type { PolicyRule } from './policy.js';

/** One tag of a page, decided: the verdict, and what to write to the tag (empty: nothing). */
export interface TagDecision {
  readonly tag: TagListing;
  readonly verdict: TagVerdict;
  readonly changes: DesiredAttributes;
}

/**
 * Decides one listing page on its own, so a sweep holds one page of tags at a time. `rules` are the
 * policy's rules for the page's repository (rulesForRepository), in order.
 */
export function planTagPage(
  rules: readonly PolicyRule[],
  page: readonly TagListing[],
  nowMs: number,
): TagDecision[] {
  return page.map((tag) => {
    const verdict = matchTag(rules, tag, nowMs);
    const changes = verdict.kind === 'apply' ? diffAttributes(tag.attributes, verdict.desired) : {};
    return { tag, verdict, changes };
  });
}

/**
 * Two rules that want different things of one manifest (two tags on one digest): the more protective
 * value wins, attribute by attribute (a `false` over a `true`), so one rule never opens what another
 * closes.
 */
export function mergeDesired(a: DesiredAttributes, b: DesiredAttributes): DesiredAttributes {
  const merged: Partial<Record<AttributeName, boolean>> = {};
  for (const name of ATTRIBUTE_NAMES) {
    const x = a[name];
    const y = b[name];
    if (x === false || y === false) merged[name] = false;
    else if (x !== undefined || y !== undefined) merged[name] = true;
  }
  return merged;
}
