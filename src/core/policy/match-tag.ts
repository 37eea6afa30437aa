import type { DesiredAttributes } from '../model/attributes.js';
import type { Mode } from '../model/modes.js';
import type { NamePattern } from './name-pattern.js';
import type { Policy, PolicyRule } from './policy.js';

/** A rule that applies its mode to the tag. */
export interface ApplyVerdict {
  readonly kind: 'apply';
  readonly rule: PolicyRule;
  readonly mode: Mode;
  readonly desired: DesiredAttributes;
}

/** What the policy says about one tag. */
export type TagVerdict =
  | ApplyVerdict
  /** Matched an `ignore: true` rule. */
  | { readonly kind: 'ignored'; readonly rule: PolicyRule }
  /** Claimed by a rule, kept by its `exclude` (`pattern`): later rules do not see it. */
  | { readonly kind: 'excluded'; readonly rule: PolicyRule; readonly pattern: string }
  /** Claimed by a rule, kept by its exemptions (default `latest`, `*-patched`). */
  | { readonly kind: 'exempt'; readonly rule: PolicyRule; readonly pattern: string }
  | { readonly kind: 'unmatched' };

/** The bits of a tag a verdict depends on. */
export interface TagFacts {
  readonly name: string;
  /** Last update in ms since the epoch; unknown never satisfies an age filter. */
  readonly lastUpdatedMs?: number;
}

/** The rules that cover a repository, in order; computed once per repository, not per tag. */
export function rulesForRepository(policy: Policy, repository: string): readonly PolicyRule[] {
  return policy.rules.filter((rule) => firstMatch(rule.repositories, repository) !== undefined);
}

export function repositoryIsCovered(policy: Policy, repository: string): boolean {
  return rulesForRepository(policy, repository).length > 0;
}

/**
 * First match wins. A rule claims a tag that one of its `tags` patterns matches; a claimed tag its
 * `exclude` or exemptions match is kept as it is, whatever later rules say (so an exclusion really
 * exempts, unlike registries whose rules are OR-ed). Age filters are part of matching: a tag too young
 * or too old for a rule goes on to the next.
 */
export function matchTag(rules: readonly PolicyRule[], tag: TagFacts, nowMs: number): TagVerdict {
  for (const rule of rules) {
    if (firstMatch(rule.tags, tag.name) === undefined) continue;
    const excluded = firstMatch(rule.exclude, tag.name);
    if (excluded !== undefined) return { kind: 'excluded', rule, pattern: excluded };
    if (rule.effect.kind === 'apply') {
      const exempt = firstMatch(rule.exempt, tag.name);
      if (exempt !== undefined) return { kind: 'exempt', rule, pattern: exempt };
    }
    if (!ageMatches(rule, tag.lastUpdatedMs, nowMs)) continue;
    if (rule.effect.kind === 'ignore') return { kind: 'ignored', rule };
    return { kind: 'apply', rule, mode: rule.effect.mode, desired: rule.effect.desired };
  }
  return { kind: 'unmatched' };
}

function ageMatches(rule: PolicyRule, lastUpdatedMs: number | undefined, nowMs: number): boolean {
  if (rule.olderThanMs === undefined && rule.newerThanMs === undefined) return true;
  if (lastUpdatedMs === undefined) return false;
  const age = nowMs - lastUpdatedMs;
  if (rule.olderThanMs !== undefined && age < rule.olderThanMs) return false;
  if (rule.newerThanMs !== undefined && age >= rule.newerThanMs) return false;
  return true;
}

function firstMatch(patterns: readonly NamePattern[], name: string): string | undefined {
  return patterns.find((pattern) => pattern.test(name))?.source;
}

/**
 * How long a tag's verdict can still change with its age under these rules: the longest olderThan or
 * newerThan. A tag updated longer ago than this is decided for good.
 */
export function ageHorizonMs(rules: readonly PolicyRule[]): number {
  return Math.max(0, ...rules.flatMap((rule) => [rule.olderThanMs ?? 0, rule.newerThanMs ?? 0]));
}
