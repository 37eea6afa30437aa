import { InputError, mention, rule } from '../errors.js';
import { ATTRIBUTE_NAMES, type AttributeName, type DesiredAttributes } from '../model/attributes.js';
import { CLOUDS, CLOUD_PROFILES } from '../model/cloud.js';
import { ACTIONS, MODES, MODE_ALIASES, PRESETS, type Mode } from '../model/modes.js';
import { resolveLoginServer } from '../references/login-server.js';
import { splitList } from '../references/split-list.js';
import { buildTargets } from './build-targets.js';
import { readBoolean, readChoice, readInput, readInteger } from './input-helpers.js';
import { readTransportSettings } from './transport-settings.js';
import type { InputName, InputReader } from './input-names.js';
import { SCOPES, type Settings } from './settings.js';
import { quote } from '../references/describe-value.js';
import { DEFAULT_REFERRER_DEPTH } from '../plan/resolve-tree.js';

/** The deepest `referrer-depth` a run may ask for. */
const MAX_REFERRER_DEPTH = 64;

/** The per-attribute override inputs, in ATTRIBUTE_NAMES order. */
export const ATTRIBUTE_INPUTS: Readonly<Record<AttributeName, InputName>> = {
  writeEnabled: 'write-enabled',
  deleteEnabled: 'delete-enabled',
  readEnabled: 'read-enabled',
  listEnabled: 'list-enabled',
};

/**
 * Parses every raw input into Settings, before any network call. Owns every default, boolean parse and
 * validation; the first broken rule throws an InputError naming the input, the value and the rule.
 */
export function parseSettings(read: InputReader): Settings {
  const action = readChoice(read, 'action', { choices: ACTIONS, fallback: 'apply' });
  const scope = readChoice(read, 'scope', { choices: SCOPES, fallback: 'image' });
  const cloud = CLOUD_PROFILES[readChoice(read, 'cloud', { choices: CLOUDS, fallback: 'AzureCloud' })];
  const mode = readChoice(read, 'lock-mode', {
    choices: MODES,
    fallback: 'full-lock',
    aliases: MODE_ALIASES,
  });
  const desired = desiredAttributes(read, mode);
  const lockManifest = readBoolean(read, 'lock-manifest') ?? true;
  const includeReferrers = readBoolean(read, 'include-referrers') ?? false;
  if (includeReferrers && !lockManifest) {
    throw new InputError(
      'include-referrers',
      rule`cannot be combined with ${mention('lock-manifest', 'false')} — referrers refer to the manifest, which it leaves alone`,
    );
  }

  const referrerTypes = readReferrerTypes(read, includeReferrers);
  const referrerDepth = readInteger(read, 'referrer-depth', {
    min: 1,
    max: MAX_REFERRER_DEPTH,
    fallback: DEFAULT_REFERRER_DEPTH,
  });

  const registry = readInput(read, 'registry');
  const loginServer = registry !== undefined ? resolveLoginServer(registry, cloud) : undefined;
  const images = splitList(read('image'));
  if (action === 'verify' && images.length === 0) {
    // The shells route verify with a policy or a repository to the selection's settings.
    throw new InputError(
      'image',
      rule`is required — references such as app:1.2 or app@sha256:<digest>; or give ${mention('policy')} or ${mention('repository')} to verify every tag they select`,
    );
  }
  const targets = buildTargets({
    images,
    tags: splitList(read('tag')),
    scope,
    ...(loginServer !== undefined ? { loginServer } : {}),
  });

  const transport = readTransportSettings(read);
  const forceUnlockShared = readBoolean(read, 'force-unlock-shared') ?? false;
  return {
    action,
    mode,
    desired,
    lockManifest,
    includeReferrers,
    referrerTypes,
    referrerDepth,
    targets,
    cloud,
    ...transport,
    ...(loginServer !== undefined ? { registry: loginServer } : {}),
    forceUnlockShared,
  };
}

/** `type/subtype` as RFC 6838 spells a media type (artifact types are media types too). */
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;

/** The artifact types to follow: media types; only with include-referrers, which they filter. */
function readReferrerTypes(read: InputReader, includeReferrers: boolean): string[] {
  const types = [...new Set(splitList(read('referrer-types')))];
  if (types.length === 0) return [];
  if (!includeReferrers)
    throw new InputError(
      'referrer-types',
      rule`filters the referrers followed, so it needs ${mention('include-referrers', 'true')}`,
    );
  const bad = types.find((t) => !MEDIA_TYPE.test(t));
  if (bad !== undefined)
    throw new InputError(
      'referrer-types',
      `${quote(bad)} — expected artifact or media types such as application/spdx+json, comma- or newline-separated`,
    );
  return types;
}

/** The preset with the per-attribute overrides applied; `custom` needs at least one override. */
export function desiredAttributes(read: InputReader, mode: Mode): DesiredAttributes {
  const desired: Partial<Record<AttributeName, boolean>> = { ...PRESETS[mode] };
  let overrides = 0;
  for (const name of ATTRIBUTE_NAMES) {
    const value = readBoolean(read, ATTRIBUTE_INPUTS[name]);
    if (value !== undefined) {
      desired[name] = value;
      overrides += 1;
    }
  }
  if (mode === 'custom' && overrides === 0) {
    throw new InputError('lock-mode', [
      "'custom' needs at least one of ",
      ...Object.values(ATTRIBUTE_INPUTS).flatMap((name, i) =>
        i === 0 ? [mention(name)] : [', ', mention(name)],
      ),
      ' set to true or false',
    ]);
  }
  if (Object.keys(desired).length === 0) {
    throw new InputError('lock-mode', `${mode} with these overrides changes no attribute`);
  }
  return desired;
}

/**
 * Anonymous access can only read: refuse it for every action but `show`. Shells call this once they know
 * the final auth (inputs, environment, or their own chain).
 */
export function validateAuthForAction(settings: Pick<Settings, 'action' | 'auth'>): void {
  if (settings.auth?.kind === 'anonymous' && settings.action !== 'show') {
    throw new InputError(
      'action',
      rule`'${settings.action}' — needs credentials: anonymous access is only for ${mention('action', 'show')}; give ${mention('username')} and ${mention('password')}, or ${mention('client-id')} and ${mention('tenant-id')}, or sign in to Azure first`,
    );
  }
}
