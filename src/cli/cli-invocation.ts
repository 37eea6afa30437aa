// What every CLI command shares around the runner: its exit codes, the hints and help about
// credentials, the credentials the CLI finds by itself, and how a run that failed before its report ends.
import type { InvocationOptions, InvocationOutcome } from '../runner/handle-invocation.js';
import { cliAuth } from './cli-credentials.js';
import type { CliPlatform, CliStreams } from './cli-platform.js';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export const CREDENTIALS_HINT =
  'Give --username with --password-stdin (or ACR_LOCK_USERNAME and ACR_LOCK_PASSWORD) for the admin user or a ' +
  "repository-scoped token; 'docker login' the registry; set AZURE_TENANT_ID, AZURE_CLIENT_ID and " +
  'AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH, or AZURE_FEDERATED_TOKEN_FILE); run on an Azure ' +
  "host with a managed identity; or sign in with 'az login'.";

const CA_CERT_HINT =
  "The registry's certificate is signed by a CA this machine does not trust: give that CA's certificate " +
  '(PEM file) with --ca-cert <path>.';

export const CREDENTIALS_HELP = `
Credentials, the first that applies:
  1. --username with --password, --password-stdin or ACR_LOCK_PASSWORD (ACR_LOCK_USERNAME for the name);
     --client-id and --tenant-id with the OIDC token in AZURE_FEDERATED_TOKEN_FILE
  2. AZURE_TENANT_ID + AZURE_CLIENT_ID with AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or
     AZURE_FEDERATED_TOKEN_FILE (AKS workload identity)
  3. the Docker config ($DOCKER_CONFIG/config.json or ~/.docker/config.json): the login server's
     credHelpers entry, credsStore, or auths entry
  4. the host's managed identity (Azure VM, IMDS), else the Azure CLI's 'az login' session
References may also come from a file (--from-file refs.txt) or standard input ('-'), one per line, # comments.`;

export interface CliInvocationContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readFile(path: string): Promise<string>;
  /** The CLI process's V8 settings for a long run (InvocationOptions.boundHeap); start.ts gives them. */
  boundHeap?(): void;
}

/**
 * The runner's options for a CLI run: no credentials with --anonymous, else the AZURE_* environment and
 * the Docker config; the OIDC token in AZURE_FEDERATED_TOKEN_FILE for --client-id/--tenant-id; the hints.
 */
export function cliInvocation(
  platform: CliPlatform,
  ctx: CliInvocationContext,
  anonymous: boolean | undefined,
): InvocationOptions {
  const tokenFile = ctx.env.AZURE_FEDERATED_TOKEN_FILE;
  return {
    shell: 'cli',
    platform,
    env: ctx.env,
    platformAuth: anonymous ? { kind: 'anonymous' } : cliAuth(ctx.env, platform),
    federatedAssertion: tokenFile ? async () => (await ctx.readFile(tokenFile)).trim() : undefined,
    credentialsHint: CREDENTIALS_HINT,
    caCertHint: CA_CERT_HINT,
    ...(ctx.boundHeap ? { boundHeap: ctx.boundHeap } : {}),
  };
}

type Failed = Extract<InvocationOutcome, { kind: 'usage-error' | 'error' }>;

/** A run that ended before its report: its message (masked) on stderr and its exit code. */
export function endedEarly(
  outcome: InvocationOutcome,
  platform: CliPlatform,
  ctx: CliStreams,
  setExit: (code: number) => void,
): outcome is Failed {
  if (outcome.kind !== 'usage-error' && outcome.kind !== 'error') return false;
  ctx.stderr(`acr-lock: ${platform.mask(outcome.message)}\n`);
  setExit(outcome.kind === 'usage-error' ? EXIT.usage : EXIT.failure);
  return true;
}
