import type { InputName } from './input-names.js';

/**
 * What an input holds: `text` (one value), `list` (several: newline- or comma-separated, and a CLI flag
 * that may repeat), `boolean` (true or false), `switch` (a CLI flag without a value; its presence sets
 * the `on` value) or `number`.
 */
export type InputKind = 'text' | 'list' | 'boolean' | 'switch' | 'number';

/** How the CLI takes an input: the command's argument, the command itself, or an option. */
export type CliSpelling =
  | { readonly as: 'argument'; readonly label: string }
  | { readonly as: 'command' }
  | {
      readonly as: 'option';
      /** The long flag without dashes: `mode` for `--mode`. */
      readonly flag: string;
      readonly short?: string;
      /** The placeholder shown in help: `<mode>`. */
      readonly placeholder?: string;
      /** For a switch: the value its presence gives (`--no-lock-manifest` gives 'false'). */
      readonly on?: 'true' | 'false';
    };

export interface InputSpec {
  readonly kind: InputKind;
  /**
   * Which commands take it: lock (apply, show, verify), policy (sweep, enforce, audit), selection (the
   * policy commands, and verify over a selection); every command when absent.
   */
  readonly for?: 'lock' | 'policy' | 'selection';
  /** One line, for the CLI's help. */
  readonly description: string;
  readonly cli: CliSpelling;
}

/** Every declared input: its kind, its help line and its CLI spelling. The CLI's options are built from it. */
export const INPUT_TABLE: { readonly [N in InputName]: InputSpec } = {
  image: {
    kind: 'list',
    for: 'lock',
    description:
      'references: [loginServer/]repo[:tag][@sha256:…], or repositories with --tag or --scope repository',
    cli: { as: 'argument', label: '<image...>' },
  },
  tag: {
    kind: 'list',
    for: 'lock',
    description: 'tag of the image(s) that name a repository; repeat it (or separate by commas) for several',
    cli: { as: 'option', flag: 'tag', short: 't', placeholder: '<tag>' },
  },
  'lock-mode': {
    kind: 'text',
    description:
      'lock preset: full-lock (lock, immutable), delete-protect, quarantine, release, hide, unlock, reset, custom (default: full-lock)',
    cli: { as: 'option', flag: 'mode', short: 'm', placeholder: '<mode>' },
  },
  'lock-manifest': {
    kind: 'switch',
    for: 'lock',
    description: 'change only the tag, not the manifest it points to',
    cli: { as: 'option', flag: 'no-lock-manifest', on: 'false' },
  },
  'include-referrers': {
    kind: 'switch',
    for: 'lock',
    description:
      "also change the image's signatures, SBOMs and attestations, at any depth (referrers API, cosign tags)",
    cli: { as: 'option', flag: 'include-referrers', on: 'true' },
  },
  'referrer-types': {
    for: 'lock',
    kind: 'list',
    description:
      'with --include-referrers, follow only these artifact types (comma-separated, e.g. application/spdx+json); default all',
    cli: { as: 'option', flag: 'referrer-types', placeholder: '<types>' },
  },
  'referrer-depth': {
    for: 'lock',
    kind: 'number',
    description: 'levels followed below the image: index children, referrers of referrers, 1–64 (default: 8)',
    cli: { as: 'option', flag: 'referrer-depth', placeholder: '<n>' },
  },
  registry: {
    kind: 'text',
    description: 'registry name (myreg) or login server (myreg.azurecr.io)',
    cli: { as: 'option', flag: 'registry', short: 'r', placeholder: '<registry>' },
  },
  action: {
    kind: 'text',
    description: 'apply, show, verify, or apply --dry-run',
    cli: { as: 'command' },
  },
  scope: {
    kind: 'text',
    for: 'lock',
    description: 'image (default) or repository (a whole repository only when asked for)',
    cli: { as: 'option', flag: 'scope', placeholder: '<scope>' },
  },
  'write-enabled': {
    kind: 'boolean',
    description: 'override the preset: true or false (overwrite the tag or manifest)',
    cli: { as: 'option', flag: 'write-enabled', placeholder: '<bool>' },
  },
  'delete-enabled': {
    kind: 'boolean',
    description: 'override the preset: true or false (delete it)',
    cli: { as: 'option', flag: 'delete-enabled', placeholder: '<bool>' },
  },
  'read-enabled': {
    kind: 'boolean',
    description: 'override the preset: true or false (pull it)',
    cli: { as: 'option', flag: 'read-enabled', placeholder: '<bool>' },
  },
  'list-enabled': {
    kind: 'boolean',
    description: 'override the preset: true or false (show it in listings)',
    cli: { as: 'option', flag: 'list-enabled', placeholder: '<bool>' },
  },
  cloud: {
    kind: 'text',
    description: 'AzureCloud (default), AzureChinaCloud or AzureUSGovernment',
    cli: { as: 'option', flag: 'cloud', placeholder: '<cloud>' },
  },
  'client-id': {
    kind: 'text',
    description:
      'Entra application (client) id for workload identity federation (with AZURE_FEDERATED_TOKEN_FILE)',
    cli: { as: 'option', flag: 'client-id', placeholder: '<id>' },
  },
  'tenant-id': {
    kind: 'text',
    description: 'Entra tenant id for workload identity federation',
    cli: { as: 'option', flag: 'tenant-id', placeholder: '<id>' },
  },
  audience: {
    kind: 'text',
    description: 'audience of the federated token (default: api://AzureADTokenExchange)',
    cli: { as: 'option', flag: 'audience', placeholder: '<audience>' },
  },
  username: {
    kind: 'text',
    description: 'registry username (admin user or repository-scoped token); or ACR_LOCK_USERNAME',
    cli: { as: 'option', flag: 'username', short: 'u', placeholder: '<username>' },
  },
  password: {
    kind: 'text',
    description:
      'registry password; visible to other users in the process list — prefer --password-stdin or ACR_LOCK_PASSWORD',
    cli: { as: 'option', flag: 'password', short: 'p', placeholder: '<password>' },
  },
  'ca-cert': {
    kind: 'text',
    description: 'extra CA certificate (PEM file) to trust, for a registry behind a private CA',
    cli: { as: 'option', flag: 'ca-cert', placeholder: '<path>' },
  },
  policy: {
    kind: 'text',
    for: 'selection',
    description: 'policy file (acr-lock.policy.yml): ordered rules, first match wins',
    cli: { as: 'option', flag: 'policy', placeholder: '<file>' },
  },
  repository: {
    kind: 'list',
    for: 'selection',
    description:
      'without a policy file: repositories to sweep or verify, names or globs (apps/**); repeat it for several',
    cli: { as: 'option', flag: 'repository', placeholder: '<pattern>' },
  },
  include: {
    kind: 'list',
    for: 'selection',
    description: 'without a policy file: tags to select, globs or regex:… (default: every tag)',
    cli: { as: 'option', flag: 'include', placeholder: '<pattern>' },
  },
  exclude: {
    kind: 'list',
    for: 'selection',
    description:
      'without a policy file: tags to leave alone, globs or regex:… (latest and *-patched always are)',
    cli: { as: 'option', flag: 'exclude', placeholder: '<pattern>' },
  },
  'older-than': {
    kind: 'text',
    for: 'selection',
    description: 'without a policy file: only tags last updated at least this long ago (2h, 30d)',
    cli: { as: 'option', flag: 'older-than', placeholder: '<age>' },
  },
  'allow-bulk-unlock': {
    kind: 'switch',
    for: 'policy',
    description: 'allow rules that unlock (unlock, reset) every tag they match',
    cli: { as: 'option', flag: 'allow-bulk-unlock', on: 'true' },
  },
  checkpoint: {
    kind: 'text',
    for: 'policy',
    description: 'enforce: checkpoint file kept between passes (a pass reads only tags pushed since)',
    cli: { as: 'option', flag: 'checkpoint', placeholder: '<file>' },
  },
  'fail-on-findings': {
    kind: 'switch',
    for: 'policy',
    description: 'audit: fail when a finding is reported (a release gate)',
    cli: { as: 'option', flag: 'fail-on-findings', on: 'true' },
  },
  'max-writes-per-minute': {
    kind: 'number',
    for: 'policy',
    description: "pace writes to stay within the registry's budget (Basic 100, Standard 500, Premium 2,000)",
    cli: { as: 'option', flag: 'max-writes-per-minute', placeholder: '<n>' },
  },
  'max-concurrency': {
    kind: 'number',
    description: 'registry requests in flight at once, 1–64 (default: 4)',
    cli: { as: 'option', flag: 'concurrency', placeholder: '<n>' },
  },
  timeout: {
    kind: 'text',
    description:
      'limit for the whole run (600, 90s, 10m, 1h; default: 10m); the run then fails with the partial report',
    cli: { as: 'option', flag: 'timeout', placeholder: '<duration>' },
  },
  'request-timeout': {
    kind: 'text',
    description: 'limit for one registry request, retried when it runs out (default: 30s)',
    cli: { as: 'option', flag: 'request-timeout', placeholder: '<duration>' },
  },
  'max-retry-after': {
    kind: 'text',
    description: "longest wait a registry's Retry-After gets (default: 60s), never past --timeout",
    cli: { as: 'option', flag: 'max-retry-after', placeholder: '<duration>' },
  },
  'force-unlock-shared': {
    for: 'lock',
    kind: 'switch',
    description: 'unlock a manifest even when other tags pointing at it are still protected',
    cli: { as: 'option', flag: 'force-unlock-shared', on: 'true' },
  },
};
