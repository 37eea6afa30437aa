import { InputError, mention, rule } from '../errors.js';
import type { TargetSpec } from '../model/targets.js';
import { quote } from '../references/describe-value.js';
import { RULES, isValidTag } from '../references/grammar.js';
import { parseReference, type ParsedReference } from '../references/parse-reference.js';
import type { Scope } from './settings.js';

export interface BuildTargetsOptions {
  /** Entries of the `image` input, already split. */
  readonly images: readonly string[];
  /** Entries of the `tag` input, already split. */
  readonly tags: readonly string[];
  readonly scope: Scope;
  /** The resolved `registry` input, for references without their own login server. */
  readonly loginServer?: string;
}

/**
 * Turns `image` + `tag` + `scope` into targets: one per reference (a bare repository times each `tag`),
 * every target with its login server; duplicates collapse to the first.
 */
export function buildTargets(options: BuildTargetsOptions): TargetSpec[] {
  const { images, tags, scope } = options;
  if (images.length === 0) {
    throw new InputError(
      'image',
      'is required — one or more references, newline- or comma-separated, e.g. app:1.2, ' +
        'app@sha256:<digest> or myreg.azurecr.io/app:1.2',
    );
  }
  for (const tag of tags) {
    if (!isValidTag(tag)) throw new InputError('tag', `${quote(tag)} — ${RULES.tag}`);
  }
  if (scope === 'repository' && tags.length > 0) {
    throw new InputError(
      'tag',
      rule`is not allowed with ${mention('scope', 'repository')}, which locks whole repositories; remove ${mention('tag')}, or set ${mention('scope', 'image')}`,
    );
  }

  const targets: TargetSpec[] = [];
  for (const entry of images) {
    const ref = parseReference(entry, {
      input: 'image',
      ...(options.loginServer !== undefined ? { defaultLoginServer: options.loginServer } : {}),
    });
    const loginServer = ref.loginServer;
    if (loginServer === undefined) {
      throw new InputError(
        'registry',
        rule`is required: ${mention('image')} ${quote(ref.text)} names no login server — give the registry name (myreg) or login server (myreg.azurecr.io), or write the login server into every ${mention('image')} (myreg.azurecr.io/app:1.2)`,
      );
    }
    targets.push(...targetsOf(ref, loginServer, tags, scope));
  }
  return dedupe(targets);
}

function targetsOf(
  ref: ParsedReference,
  loginServer: string,
  tags: readonly string[],
  scope: Scope,
): TargetSpec[] {
  const { repository, text } = ref;
  const bare = ref.tag === undefined && ref.digest === undefined;
  if (scope === 'repository') {
    if (!bare) {
      throw new InputError(
        'image',
        rule`${quote(text)} — ${mention('scope', 'repository')} takes bare repository names (app), without :tag or @digest`,
      );
    }
    return [{ kind: 'repository', loginServer, repository, ref: text }];
  }
  if (!bare) {
    if (tags.length > 0) {
      throw new InputError(
        'tag',
        rule`cannot be combined with ${mention('image')} ${quote(text)}, which already names a ${ref.tag !== undefined ? 'tag' : 'digest'} — ${mention('tag')} is for images given as a bare repository (app); remove ${mention('tag')}, or write the image without it`,
      );
    }
    if (ref.tag !== undefined) {
      return [
        {
          kind: 'tag',
          loginServer,
          repository,
          tag: ref.tag,
          ...(ref.digest !== undefined ? { expectedDigest: ref.digest } : {}),
          ref: text,
        },
      ];
    }
    return [{ kind: 'digest', loginServer, repository, digest: ref.digest ?? '', ref: text }];
  }
  if (tags.length === 0) {
    throw new InputError(
      'image',
      rule`${quote(text)} — names only a repository; add ${mention('tag')}, write ${text}:<tag> or ${text}@sha256:<digest>, or set ${mention('scope', 'repository')} to lock the whole repository`,
    );
  }
  return tags.map((tag) => ({ kind: 'tag', loginServer, repository, tag, ref: `${text}:${tag}` }));
}

/**
 * Keeps the first of identical targets. The same tag given with and without an expected digest keeps the
 * expectation; two different expected digests for one tag cannot both hold and are refused.
 */
function dedupe(targets: readonly TargetSpec[]): TargetSpec[] {
  const byKey = new Map<string, TargetSpec>();
  for (const target of targets) {
    const key = keyOf(target);
    const seen = byKey.get(key);
    if (seen === undefined) {
      byKey.set(key, target);
    } else if (target.kind === 'tag' && seen.kind === 'tag' && target.expectedDigest !== undefined) {
      if (seen.expectedDigest === undefined) {
        byKey.set(key, target);
      } else if (seen.expectedDigest !== target.expectedDigest) {
        throw new InputError(
          'image',
          `${quote(seen.ref)} and ${quote(target.ref)} expect different digests for the same tag; give one`,
        );
      }
    }
  }
  return [...byKey.values()];
}

function keyOf(target: TargetSpec): string {
  const base = `${target.kind} ${target.loginServer} ${target.repository}`;
  switch (target.kind) {
    case 'tag':
      return `${base} :${target.tag}`;
    case 'digest':
      return `${base} @${target.digest}`;
    case 'repository':
      return base;
  }
}
