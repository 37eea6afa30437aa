import type { DesiredAttributes } from '../model/attributes.js';
import type { Mode } from '../model/modes.js';
import type { NamePattern } from './name-pattern.js';

/**
 * Tags no rule touches unless it says otherwise: `latest`, and the floating `*-patched` tags ACR's
 * continuous patching moves (locking them breaks patching).
 */
export const DEFAULT_EXEMPTIONS: readonly string[] = ['latest', '*-patched'];

/** What a rule does with the tags it matches. */
export type RuleEffect =
  | { readonly kind: 'apply'; readonly mode: Mode; readonly desired: DesiredAttributes }
  | { readonly kind: 'ignore' };

/** One rule, compiled. Rules are tried in order and the first that matches a tag decides it. */
export interface PolicyRule {
  /** 0-based position in `rules`. */
  readonly index: number;
  readonly name?: string;
  readonly repositories: readonly NamePattern[];
  /** Include patterns: a tag must match one. */
  readonly tags: readonly NamePattern[];
  /** Tags this rule claims and keeps as they are: later rules never see them. */
  readonly exclude: readonly NamePattern[];
  /** Like exclude, but defaulted (DEFAULT_EXEMPTIONS) and replaced, not extended, by `exempt`. */
  readonly exempt: readonly NamePattern[];
  /** The tag's last update is at least this old (ms). */
  readonly olderThanMs?: number;
  /** The tag's last update is less than this old (ms). */
  readonly newerThanMs?: number;
  readonly effect: RuleEffect;
}

export interface Policy {
  /** Where the policy came from (a file path, or `inputs`), for messages. */
  readonly source: string;
  readonly rules: readonly PolicyRule[];
}

/** `rule 2 'releases'` (numbered from 1, as a reader counts). */
export function describeRule(rule: Pick<PolicyRule, 'index' | 'name'>): string {
  return `rule ${rule.index + 1}${rule.name !== undefined ? ` '${rule.name}'` : ''}`;
}
