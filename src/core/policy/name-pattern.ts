import picomatch from 'picomatch/posix.js';
import { RE2JS } from 're2js';

/** A compiled include/exclude pattern; `source` is what the user wrote, for reports. */
export interface NamePattern {
  readonly source: string;
  readonly test: (name: string) => boolean;
}

export type PatternResult = { readonly pattern: NamePattern } | { readonly problem: string };

const REGEX_PREFIX = 'regex:';
const MAX_PATTERN_LENGTH = 1024;

/** Why a regex is not RE2: the constructs backtracking engines have and RE2 refuses, named plainly. */
const NOT_RE2: ReadonlyArray<[RegExp, string]> = [
  [/\(\?<?[=!]/, 'lookahead and lookbehind ((?=, (?!, (?<=, (?<!) are not RE2 syntax'],
  [/\\[1-9]|\\k</, 'backreferences (\\1, \\k<name>) are not RE2 syntax'],
  [/[*+?}][+]/, 'possessive quantifiers (*+, ++, ?+) are not RE2 syntax'],
  [/\(\?>/, 'atomic groups ((?>…)) are not RE2 syntax'],
];

/**
 * Compiles one pattern: a glob (picomatch, `*` within a path segment, `**` across segments, `{a,b}`,
 * `[…]`), or after `regex:` an RE2 regular expression that must match the whole name. RE2 runs in
 * time linear in the name, so a pattern from a policy file cannot stall a sweep.
 */
export function compileNamePattern(source: string, what: 'tag' | 'repository'): PatternResult {
  if (source.length === 0) return { problem: 'a pattern is never empty' };
  if (source.length > MAX_PATTERN_LENGTH) {
    return { problem: `patterns are at most ${MAX_PATTERN_LENGTH} characters` };
  }
  if (source.startsWith(REGEX_PREFIX)) return compileRegex(source);
  if (source.startsWith('!')) {
    return {
      problem: `'${source}' — a leading ! (negation) is not supported: list the pattern under exclude`,
    };
  }
  if (what === 'tag' && source.includes('/')) {
    return { problem: `'${source}' — tags never contain /, so this pattern matches nothing` };
  }
  try {
    const matcher = picomatch(source, { dot: true, nonegate: true, strictSlashes: true });
    return { pattern: { source, test: (name) => matcher(name) } };
  } catch (error) {
    return { problem: `'${source}' is not a glob pattern: ${(error as Error).message}` };
  }
}

function compileRegex(source: string): PatternResult {
  const body = source.slice(REGEX_PREFIX.length);
  if (body.length === 0) return { problem: `'${source}' — the regular expression after regex: is empty` };
  try {
    const re = RE2JS.compile(body);
    return { pattern: { source, test: (name) => re.matches(name) } };
  } catch (error) {
    // RE2's own message for these is terse ("invalid escape sequence"): say which construct it was.
    const known = NOT_RE2.find(([construct]) => construct.test(body));
    const why = known ? known[1] : `${(error as Error).message}`;
    return { problem: `'${source}' is not an RE2 regular expression: ${why}` };
  }
}
