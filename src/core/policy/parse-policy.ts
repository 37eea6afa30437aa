import { isAlias, LineCounter, parseDocument, visit, type Alias, type Document } from 'yaml';
import type { AttributeName, DesiredAttributes } from '../model/attributes.js';
import { MODE_ALIASES, PRESETS, type Mode } from '../model/modes.js';
import { parseDuration } from './duration.js';
import { compileNamePattern, type NamePattern } from './name-pattern.js';
import { DEFAULT_EXEMPTIONS, type Policy, type PolicyRule, type RuleEffect } from './policy.js';
import { PolicyError, type PolicyLocation } from './policy-error.js';
import { describeSchemaErrors, policyValidator } from './policy-schema.js';

/** The shape the schema guarantees once it has validated a document. */
type Patterns = string | readonly string[];
interface RawRule {
  readonly name?: string;
  readonly repositories: Patterns;
  readonly tags?: Patterns;
  readonly exclude?: Patterns;
  readonly exempt?: Patterns;
  readonly olderThan?: string;
  readonly newerThan?: string;
  readonly mode?: string;
  readonly attributes?: Readonly<Partial<Record<AttributeName, boolean>>>;
  readonly ignore?: true;
}
interface RawPolicy {
  readonly exempt?: Patterns;
  readonly rules: readonly RawRule[];
}

type Path = ReadonlyArray<string | number>;

/** YAML anchors and aliases are allowed, but not enough of them to blow a small file up. */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses an `acr-lock.policy.yml` text into a compiled Policy: YAML, then the shipped JSON Schema,
 * then what a schema cannot say (patterns that compile, an age window that can hold a tag). Throws one
 * PolicyError naming the rule (number and name), the field and the line.
 */
export function parsePolicy(text: string, source = 'acr-lock.policy.yml'): Policy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = lineCounter.linePos(yamlError.pos[0]).line;
    throw new PolicyError({ source, line }, `not valid YAML: ${yamlMessage(yamlError.message)}`);
  }
  const alias = unresolvedAlias(doc);
  if (alias) {
    const line = alias.range ? lineCounter.linePos(alias.range[0]).line : undefined;
    throw new PolicyError(
      { source, ...(line !== undefined ? { line } : {}) },
      `not valid YAML: *${alias.source} is an alias of no anchor${QUOTE_HINT}`,
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new PolicyError({ source }, `not valid YAML: ${(error as Error).message}`);
  }

  const locate = locator(source, doc, lineCounter, value);
  const validate = policyValidator();
  if (!validate(value)) {
    const problem = describeSchemaErrors(validate.errors ?? []);
    const path = pointerToPath(problem.instancePath);
    throw new PolicyError(
      locate(problem.property !== undefined ? [...path, problem.property] : path),
      problem.message,
    );
  }
  const raw = value as RawPolicy;
  const policyExempt =
    raw.exempt !== undefined ? compileList(raw.exempt, 'tag', ['exempt'], locate) : undefined;
  return {
    source,
    rules: raw.rules.map((rule, index) => compileRule(rule, index, policyExempt, locate)),
  };
}

type Locate = (path: Path) => PolicyLocation;

function compileRule(
  raw: RawRule,
  index: number,
  policyExempt: readonly NamePattern[] | undefined,
  locate: Locate,
): PolicyRule {
  const at = (...field: Path): Path => ['rules', index, ...field];
  const olderThanMs = raw.olderThan !== undefined ? parseDuration(raw.olderThan) : undefined;
  const newerThanMs = raw.newerThan !== undefined ? parseDuration(raw.newerThan) : undefined;
  if (olderThanMs !== undefined && newerThanMs !== undefined && olderThanMs >= newerThanMs) {
    throw new PolicyError(
      locate(at('newerThan')),
      `newerThan ${raw.newerThan} with olderThan ${raw.olderThan} leaves no tag: newerThan must be the longer age`,
    );
  }
  return {
    index,
    ...(raw.name !== undefined ? { name: raw.name } : {}),
    repositories: compileList(raw.repositories, 'repository', at('repositories'), locate),
    tags: compileList(raw.tags ?? '*', 'tag', at('tags'), locate),
    exclude: raw.exclude !== undefined ? compileList(raw.exclude, 'tag', at('exclude'), locate) : [],
    exempt:
      raw.exempt !== undefined
        ? compileList(raw.exempt, 'tag', at('exempt'), locate)
        : (policyExempt ?? defaultExemptions()),
    ...(olderThanMs !== undefined ? { olderThanMs } : {}),
    ...(newerThanMs !== undefined ? { newerThanMs } : {}),
    effect: effectOf(raw),
  };
}

/** `ignore`, or the mode's preset with `attributes` laid over it (`attributes` alone means custom). */
function effectOf(raw: Pick<RawRule, 'mode' | 'attributes' | 'ignore'>): RuleEffect {
  if (raw.ignore === true) return { kind: 'ignore' };
  const mode: Mode = raw.mode !== undefined ? (MODE_ALIASES[raw.mode] ?? (raw.mode as Mode)) : 'custom';
  const desired: DesiredAttributes = { ...PRESETS[mode], ...raw.attributes };
  return { kind: 'apply', mode, desired };
}

export function defaultExemptions(): NamePattern[] {
  return DEFAULT_EXEMPTIONS.map((source) => {
    const compiled = compileNamePattern(source, 'tag');
    if ('problem' in compiled) throw new Error(`built-in exemption ${source}: ${compiled.problem}`);
    return compiled.pattern;
  });
}

function compileList(value: Patterns, what: 'tag' | 'repository', path: Path, locate: Locate): NamePattern[] {
  if (typeof value === 'string') return compilePatterns([value], what, () => locate(path));
  return compilePatterns(value, what, (i) => locate([...path, i]));
}

/** Compiles each pattern; the first that does not compile is a PolicyError at `where(its index)`. */
export function compilePatterns(
  sources: readonly string[],
  what: 'tag' | 'repository',
  where: (index: number) => PolicyLocation,
): NamePattern[] {
  return sources.map((source, i) => {
    const compiled = compileNamePattern(source, what);
    if ('problem' in compiled) throw new PolicyError(where(i), compiled.problem);
    return compiled.pattern;
  });
}

/** Builds locations: rule number and name from the document, field as `tags[1]`, line from the YAML. */
function locator(source: string, doc: Document, lines: LineCounter, value: unknown): Locate {
  return (path) => {
    const location: { -readonly [K in keyof PolicyLocation]: PolicyLocation[K] } = { source };
    let rest = path;
    if (path[0] === 'rules' && typeof path[1] === 'number') {
      location.ruleIndex = path[1];
      const name = ruleName(value, path[1]);
      if (name !== undefined) location.ruleName = name;
      rest = path.slice(2);
    }
    if (rest.length > 0) location.field = fieldName(rest);
    const line = lineOf(doc, lines, path);
    if (line !== undefined) location.line = line;
    return location;
  };
}

function ruleName(value: unknown, index: number): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const rules = (value as { rules?: unknown }).rules;
  if (!Array.isArray(rules)) return undefined;
  const rule: unknown = rules[index];
  if (typeof rule !== 'object' || rule === null) return undefined;
  const name = (rule as { name?: unknown }).name;
  return typeof name === 'string' && name.length > 0 ? name : undefined;
}

/** `['tags', 1]` → `tags[1]`; `['attributes', 'writeEnabled']` → `attributes.writeEnabled`. */
function fieldName(path: Path): string {
  return path.reduce<string>(
    (name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${part}` : part),
    '',
  );
}

/** The line of the deepest node of the path that exists (a missing field: its rule's line). */
function lineOf(doc: Document, lines: LineCounter, path: Path): number | undefined {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return undefined;
}

function pointerToPath(pointer: string): Path {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^(0|[1-9][0-9]*)$/.test(part) ? Number(part) : part));
}

const QUOTE_HINT = " (a pattern that starts with * must be quoted in YAML, e.g. '*-patched')";

/** The YAML library's first line, with the hint a policy author most often needs. */
function yamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return /alias/i.test(first) ? `${first}${QUOTE_HINT}` : first;
}

/** `exempt: [*-patched]` reads as an alias: find it before toJS throws without a line. */
function unresolvedAlias(doc: Document): Alias | undefined {
  let found: Alias | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node) && node.resolve(doc) === undefined) {
        found = node;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}
