import { neutralize } from './text/neutralize.js';

/**
 * Another input named inside a rule, so each shell writes it its own way: `scope: repository` in the
 * action, `--scope repository` in the CLI. `value` is the setting the rule asks for, when it names one.
 */
export interface InputMention {
  readonly input: string;
  readonly value?: string;
}

/** A rule's text: plain text and mentions of inputs, rendered by the shell that shows it. */
export type RuleText = readonly (string | InputMention)[];

/** Mentions an input (and optionally a value of it) inside a rule. */
export function mention(input: string, value?: string): InputMention {
  return value === undefined ? { input } : { input, value };
}

/** Builds a rule from a template: rule`cannot be combined with ${mention('client-id')}`. */
export function rule(strings: TemplateStringsArray, ...parts: readonly (string | InputMention)[]): RuleText {
  const text: (string | InputMention)[] = [];
  strings.forEach((s, i) => {
    if (s) text.push(s);
    const part = parts[i];
    if (part !== undefined) text.push(part);
  });
  return text;
}

/** Joins a rule with the declared (action) spelling of every mention; shells render their own. */
function plainRule(text: RuleText): string {
  return text
    .map((part) =>
      typeof part === 'string'
        ? part
        : part.value === undefined
          ? part.input
          : `${part.input}: ${part.value}`,
    )
    .join('');
}

/**
 * Bad input: names the input and the rule it broke. Raised before any network call. `input` is the
 * declared name (or a shell's own input); the message uses the declared names, and each shell renders
 * its own wording with renderInputError().
 */
export class InputError extends Error {
  readonly rule: RuleText;

  constructor(
    readonly input: string,
    rule: string | RuleText,
  ) {
    const text = typeof rule === 'string' ? [rule] : rule;
    super(`Input '${input}': ${plainRule(text)}`);
    this.rule = text;
    this.name = 'InputError';
  }
}

/** How the registry refused, classified once so nothing downstream matches on message text. */
export type RegistryErrorKind =
  | 'not-found' // 404: repository, tag or manifest unknown
  | 'disallowed' // 405 REGISTRY_DISALLOWED_OPERATION: a lock refused the operation
  | 'unauthorized' // 401: no or bad credentials
  | 'forbidden' // 403 or 401 insufficient_scope: credentials lack the permission
  | 'throttled' // 429 after retries
  | 'unavailable' // 5xx or network failure after retries
  | 'untrusted-certificate' // TLS: the registry's certificate chain ends at a CA this process does not trust
  | 'protocol' // an answer we could not understand, or a redirect refused
  | 'timeout'; // no answer in time, or the overall timeout ran out

export class RegistryError extends Error {
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

/**
 * Node's codes for a certificate chain that does not end at a trusted CA (not expiry or a wrong name):
 * never transient.
 */
export const UNTRUSTED_CERTIFICATE: ReadonlySet<string> = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

/**
 * A request that got no answer. An untrusted certificate is its own kind: a setting to fix, not an outage,
 * and Node's own advice (`--use-system-ca`) is left out for the shell's (its CA certificate input).
 */
export function unreachable(what: string, error: unknown): RegistryError {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && UNTRUSTED_CERTIFICATE.has(code)) {
    return new RegistryError(
      'untrusted-certificate',
      `${what}: the registry's TLS certificate is not signed by a CA this run trusts (${code}).`,
    );
  }
  return new RegistryError('unavailable', `${what}: ${neutralize((error as Error).message)}`);
}

/** Authentication could not be set up or was refused; the message says what to add. */
export class AuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}
