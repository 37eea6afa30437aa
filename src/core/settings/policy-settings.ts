import { InputError, mention, rule } from '../errors.js';
import { CLOUDS, CLOUD_PROFILES, type CloudProfile } from '../model/cloud.js';
import type { AuthRequest } from '../model/auth.js';
import { MODES, MODE_ALIASES } from '../model/modes.js';
import type { SweepInputs } from '../policy/policy-from-inputs.js';
import { resolveLoginServer } from '../references/login-server.js';
import { splitList } from '../references/split-list.js';
import { readBoolean, readChoice, readInput, readInteger } from './input-helpers.js';
import type { InputName, InputReader } from './input-names.js';
import { desiredAttributes } from './parse-settings.js';
import { readTransportSettings } from './transport-settings.js';

/** The actions that apply a policy (a file, or one rule from inputs) rather than lock named images. */
export const POLICY_ACTIONS = ['sweep', 'enforce', 'audit'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

export function isPolicyAction(value: string | undefined): boolean {
  const lower = value?.trim().toLowerCase();
  return (POLICY_ACTIONS as readonly string[]).includes(lower ?? '');
}

/** The actions that run over a selection: the policy actions, and verify given a policy or a repository. */
const SELECTION_ACTIONS = [...POLICY_ACTIONS, 'verify'] as const;
export type SelectionAction = (typeof SELECTION_ACTIONS)[number];

const RULE_INPUTS: readonly InputName[] = ['repository', 'include', 'exclude', 'older-than'];

/** The inputs that make a selection: a policy file, or the inputs one rule is built from. */
const SELECTION_INPUTS: readonly InputName[] = ['policy', ...RULE_INPUTS];

/**
 * Whether a run goes over a selection rather than named images: sweep, enforce and audit always; verify
 * when a selection input is given (the release gate over whole repositories). Verify with both a
 * selection and images is then refused by parsePolicySettings, naming both.
 */
export function runsOverSelection(read: InputReader): boolean {
  const action = read('action');
  if (isPolicyAction(action)) return true;
  return (
    action?.trim().toLowerCase() === 'verify' &&
    SELECTION_INPUTS.some((input) => readInput(read, input) !== undefined)
  );
}

/**
 * Everything a sweep, enforce pass, audit or verify over a selection needs, parsed once before any
 * network call.
 */
export interface PolicySettings {
  readonly action: SelectionAction;
  readonly loginServer: string;
  readonly cloud: CloudProfile;
  readonly concurrency: number;
  readonly auth?: AuthRequest;
  readonly caCertPath?: string;
  /** The policy file; without one, `rule` holds the rule the inputs make. */
  readonly policyPath?: string;
  readonly rule?: SweepInputs;
  /**
   * Rules that can reopen deletion (unlock, reset) run only with `allow-bulk-unlock: true`; verify and
   * audit change nothing, so they need it not.
   */
  readonly allowBulkUnlock: boolean;
  /** enforce: where the checkpoint is kept between passes. */
  readonly checkpointPath?: string;
  /** audit: fail when a finding (not a warning) is reported. */
  readonly failOnFindings: boolean;
  /**
   * audit: judge drift (tags not in their rule's mode) — with a policy file only: the rule built from
   * inputs always has a mode (the action fills in full-lock), so every unlocked tag would be drift.
   */
  readonly drift: boolean;
  readonly maxWritesPerMinute?: number;
  /** The transport's limits, read as parseSettings reads them. */
  readonly timeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly maxRetryAfterMs: number;
}

export function parsePolicySettings(read: InputReader): PolicySettings {
  const action = readChoice(read, 'action', { choices: SELECTION_ACTIONS, fallback: 'sweep' });
  refuseNamedImages(read, action);
  refuseImageOptions(read, action);
  const cloud = CLOUD_PROFILES[readChoice(read, 'cloud', { choices: CLOUDS, fallback: 'AzureCloud' })];
  const registry = readInput(read, 'registry');
  if (registry === undefined) {
    throw new InputError(
      'registry',
      rule`${mention('action', action)} needs the registry (a name or a login server)`,
    );
  }
  const loginServer = resolveLoginServer(registry, cloud);

  const policyPath = readInput(read, 'policy');
  const given = RULE_INPUTS.filter((input) => readInput(read, input) !== undefined);
  if (policyPath !== undefined && given.length > 0) {
    throw new InputError(
      given[0] ?? 'repository',
      rule`cannot be combined with ${mention('policy')}: the policy file holds the rules`,
    );
  }
  let ruleInputs: SweepInputs | undefined;
  if (policyPath === undefined) {
    const repository = splitList(read('repository'));
    if (repository.length === 0) {
      throw new InputError(
        'repository',
        rule`${mention('action', action)} needs ${mention('policy')} (a policy file) or ${mention('repository')} (names or globs such as apps/**)`,
      );
    }
    const mode = readChoice(read, 'lock-mode', {
      choices: MODES,
      fallback: 'full-lock',
      aliases: MODE_ALIASES,
    });
    const olderThan = readInput(read, 'older-than');
    ruleInputs = {
      repository,
      include: splitList(read('include')),
      exclude: splitList(read('exclude')),
      ...(olderThan !== undefined ? { olderThan } : {}),
      mode,
      desired: desiredAttributes(read, mode),
    };
  }

  const checkpointPath = readInput(read, 'checkpoint');
  if (checkpointPath !== undefined && action !== 'enforce') {
    throw new InputError('checkpoint', rule`is kept by ${mention('action', 'enforce')} only`);
  }
  const failOnFindings = readBoolean(read, 'fail-on-findings') ?? false;
  if (failOnFindings && action !== 'audit') {
    throw new InputError('fail-on-findings', rule`is a gate for ${mention('action', 'audit')} only`);
  }
  const writesRaw = readInput(read, 'max-writes-per-minute');
  const maxWritesPerMinute =
    writesRaw !== undefined
      ? readInteger(read, 'max-writes-per-minute', { min: 1, max: 1_000_000, fallback: 1 })
      : undefined;
  const transport = readTransportSettings(read);
  return {
    action,
    loginServer,
    cloud,
    ...transport,
    ...(policyPath !== undefined ? { policyPath } : {}),
    ...(ruleInputs !== undefined ? { rule: ruleInputs } : {}),
    allowBulkUnlock: readBoolean(read, 'allow-bulk-unlock') ?? false,
    ...(checkpointPath !== undefined ? { checkpointPath } : {}),
    failOnFindings,
    drift: policyPath !== undefined,
    ...(maxWritesPerMinute !== undefined ? { maxWritesPerMinute } : {}),
  };
}

/** A selection run takes no named images; verify takes one or the other, and says which two clash. */
function refuseNamedImages(read: InputReader, action: SelectionAction): void {
  const input = (['image', 'tag'] as const).find((name) => readInput(read, name) !== undefined);
  if (input === undefined) return;
  const selection = SELECTION_INPUTS.find((name) => readInput(read, name) !== undefined);
  if (action === 'verify' && selection !== undefined) {
    throw new InputError(
      input,
      rule`cannot be combined with ${mention(selection)}; ${mention('action', 'verify')} checks either named images or a selection (${mention('policy')} or ${mention('repository')}), not both`,
    );
  }
  throw new InputError(
    input,
    rule`is for locking named images; ${mention('action', action)} takes ${mention('policy')} or ${mention('repository')}`,
  );
}

/**
 * The options of locking or verifying named images that would narrow or widen what is done (the CLI's
 * verify offers them beside the selection's flags): over a selection the rules decide, tag, manifest
 * and an index's children. Refused rather than ignored; their defaults pass, so the action's and the
 * task's defaults do.
 */
function refuseImageOptions(read: InputReader, action: SelectionAction): void {
  const changed: ReadonlyArray<readonly [InputName, () => boolean]> = [
    ['scope', () => (readInput(read, 'scope')?.toLowerCase() ?? 'image') !== 'image'],
    ['lock-manifest', () => readBoolean(read, 'lock-manifest') === false],
    ['include-referrers', () => readBoolean(read, 'include-referrers') === true],
    ['referrer-types', () => readInput(read, 'referrer-types') !== undefined],
    ['force-unlock-shared', () => readBoolean(read, 'force-unlock-shared') === true],
  ];
  const given = changed.find(([, isChanged]) => isChanged())?.[0];
  if (given === undefined) return;
  throw new InputError(
    given,
    action === 'verify'
      ? rule`is for verifying named images; over a selection (${mention('policy')} or ${mention('repository')}) each tag's rule decides what is checked, as ${mention('action', 'sweep')} would`
      : rule`is for named images; over a selection (${mention('policy')} or ${mention('repository')}) each tag's rule decides what ${mention('action', action)} covers: the tag, its manifest and an index's children`,
  );
}
