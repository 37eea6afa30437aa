import { InputError, mention, rule, type RuleText } from '../errors.js';
import {
  MAX_REPOSITORY_LENGTH,
  RULES,
  isValidDigest,
  isValidRepository,
  isValidTag,
  looksLikeLoginServer,
} from './grammar.js';
import { normalizeLoginServer } from './login-server.js';
import { quote } from './describe-value.js';

/** The parts of `[loginServer/]repository[:tag][@sha256:<hex>]`. */
export interface ReferenceParts {
  readonly loginServer?: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

export interface ParsedReference extends ReferenceParts {
  /** The reference as the user wrote it (trimmed), for reports. */
  readonly text: string;
  /** True when the login server was written in the reference itself (not taken from defaultLoginServer). */
  readonly hasOwnLoginServer: boolean;
}

export interface ParseReferenceOptions {
  /** Used when the reference carries no login server of its own. */
  readonly defaultLoginServer?: string;
  /** The input named in errors, e.g. `image`. */
  readonly input: string;
}

const EMPTY_TAG_RULE = rule`the tag after ':' is empty. An empty tag is NOT treated as a repository-wide lock; write repo:tag or repo@sha256:<digest>, or to lock the whole repository give the bare repository name and set ${mention('scope', 'repository')}`;

const ACR_LOGIN_SERVER = /\.azurecr\.(?:io|cn|us)$/;

/**
 * Parses one image reference. A first path component with `.` or `:`, or `localhost`, is the login server
 * (Docker's rule). Every failure is an InputError naming the input, the value and the rule.
 */
export function parseReference(text: string, options: ParseReferenceOptions): ParsedReference {
  const { input } = options;
  const value = text.trim();
  const fail = (broken: string | RuleText): never => {
    throw new InputError(input, [`${quote(value)} — `, ...(typeof broken === 'string' ? [broken] : broken)]);
  };
  if (value === '') {
    throw new InputError(
      input,
      'an image reference is empty — write repo:tag, repo@sha256:<digest> or myreg.azurecr.io/repo:tag',
    );
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    fail('a reference has no scheme; write loginServer/repository:tag, e.g. myreg.azurecr.io/app:1.2');
  }
  if (/\s/.test(value)) {
    fail('a reference contains no whitespace; separate several references with commas or newlines');
  }

  let name = value;
  let digest: string | undefined;
  const at = value.indexOf('@');
  if (at >= 0) {
    name = value.slice(0, at);
    digest = value.slice(at + 1);
    if (!isValidDigest(digest)) fail(`invalid digest ${quote(digest)}: ${RULES.digest}`);
  }

  let loginServer: string | undefined;
  let remainder = name;
  const slash = name.indexOf('/');
  if (slash >= 0 && looksLikeLoginServer(name.slice(0, slash))) {
    loginServer = normalizeLoginServer(name.slice(0, slash), input, value);
    remainder = name.slice(slash + 1);
  }

  let repository = remainder;
  let tag: string | undefined;
  const colon = remainder.indexOf(':');
  if (colon >= 0) {
    repository = remainder.slice(0, colon);
    tag = remainder.slice(colon + 1);
  }

  if (repository === '') fail('the repository name is missing');
  if (/[A-Z]/.test(repository)) fail(RULES.repositoryLowerCase);
  if (repository.length > MAX_REPOSITORY_LENGTH) {
    fail(`${RULES.repositoryLength} (this one has ${repository.length})`);
  }
  if (!isValidRepository(repository)) fail(`invalid repository ${quote(repository)}: ${RULES.repository}`);
  if (loginServer === undefined && !repository.includes('/') && ACR_LOGIN_SERVER.test(repository)) {
    fail(`this is a login server alone; add the repository, e.g. ${repository}/app:1.2`);
  }
  if (tag !== undefined) {
    if (tag === '') fail(EMPTY_TAG_RULE);
    if (!isValidTag(tag)) fail(`invalid tag ${quote(tag)}: ${RULES.tag}`);
  }

  const resolvedLoginServer = loginServer ?? options.defaultLoginServer;
  return {
    ...(resolvedLoginServer !== undefined ? { loginServer: resolvedLoginServer } : {}),
    repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
    text: value,
    hasOwnLoginServer: loginServer !== undefined,
  };
}

/** Writes parts back as a reference: `[loginServer/]repository[:tag][@digest]`. */
export function formatReference(parts: ReferenceParts): string {
  return (
    (parts.loginServer !== undefined ? `${parts.loginServer}/` : '') +
    parts.repository +
    (parts.tag !== undefined ? `:${parts.tag}` : '') +
    (parts.digest !== undefined ? `@${parts.digest}` : '')
  );
}
