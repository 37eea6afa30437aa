import { readFile } from 'node:fs/promises';
import { createTokenSource } from '../acr/auth/create-token-source.js';
import type { Deadline, TransportOptions } from '../acr/http/transport-options.js';
import type { TokenSource } from '../acr/token-source.js';
import { AdaptiveConcurrency } from '../core/concurrency/adaptive-concurrency.js';
import { AuthError, InputError } from '../core/errors.js';
import type { AuthRequest } from '../core/model/auth.js';
import type { CloudProfile } from '../core/model/cloud.js';
import type { Platform } from '../core/platform/platform.js';
import { authFromEnvironment } from '../core/settings/auth-from-environment.js';
import { formatDuration } from '../core/settings/read-duration.js';
import type { TransportSettings } from '../core/settings/transport-settings.js';
import type { InvocationOptions } from './handle-invocation.js';

/** The overall timeout as an abort signal; stop() clears its timer so the process can exit. */
export function startDeadline(ms: number): Deadline & { stop(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  return {
    signal: controller.signal,
    at: Date.now() + ms,
    label: formatDuration(ms),
    stop: () => clearTimeout(timer),
  };
}

export async function readCaCert(path: string): Promise<string> {
  try {
    const pem = await readFile(path, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----'))
      throw new InputError('ca-cert', `'${path}' holds no PEM certificate.`);
    return pem;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      'ca-cert',
      `cannot read '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
}

/** The secrets an auth request carries, to be masked. */
export function authSecrets(auth: AuthRequest): string[] {
  if (auth.kind === 'password') return [auth.password];
  if (auth.kind === 'client-secret') return [auth.clientSecret];
  return [];
}

/**
 * The run's credentials: the inputs', else the platform's (a service connection, the CLI's Docker
 * config for `loginServer`), else the environment's, else the host's. Secrets found only now are masked
 * before any use and join `secrets`, the run's list that reports are redacted with.
 */
export async function resolveAuth(
  options: InvocationOptions,
  fromInputs: AuthRequest | undefined,
  loginServer: string | undefined,
  secrets: string[],
): Promise<AuthRequest> {
  const { platformAuth } = options;
  const auth = fromInputs ??
    (typeof platformAuth === 'function' ? await platformAuth(loginServer) : platformAuth) ??
    authFromEnvironment(options.env) ?? { kind: 'ambient' };
  for (const secret of authSecrets(auth)) {
    if (secrets.includes(secret)) continue;
    options.platform.setSecret(secret);
    secrets.push(secret);
  }
  return auth;
}

/** The source of ACR tokens, with Entra's authority overridable as @azure/identity allows. */
export function tokenSourceFor(
  auth: AuthRequest,
  settings: TransportSettings & { readonly cloud: CloudProfile },
  options: InvocationOptions,
): Promise<TokenSource> {
  const authorityHost = options.env.AZURE_AUTHORITY_HOST || undefined;
  return createTokenSource(auth, {
    cloud: settings.cloud,
    federatedAssertion: options.federatedAssertion,
    authorityHost,
    disableInstanceDiscovery: authorityHost ? true : undefined,
    requestTimeoutMs: settings.requestTimeoutMs,
  });
}

/** The run's requests in flight: `max-concurrency`, lowered while the registry throttles, told in the log. */
export function runConcurrency(settings: TransportSettings, platform: Platform): AdaptiveConcurrency {
  return new AdaptiveConcurrency(settings.concurrency, {
    onChange: ({ from, to, reason }) => {
      if (reason === 'throttled')
        platform.info(`The registry is throttling (429): at most ${to} requests at once, down from ${from}.`);
      else if (to === settings.concurrency)
        platform.info(`Requests go through again: back to ${to} at once.`);
    },
  });
}

/**
 * Timeouts, Retry-After cap and deadline for registry requests; waits logged on the platform, 429s
 * told to the run's concurrency.
 */
export function registryTransport(
  settings: TransportSettings,
  deadline: Deadline,
  concurrency: AdaptiveConcurrency,
  options: InvocationOptions,
): Partial<TransportOptions> {
  const { platform } = options;
  return {
    requestTimeoutMs: settings.requestTimeoutMs,
    maxRetryAfterMs: settings.maxRetryAfterMs,
    deadline,
    log: (message, notable) => (notable ? platform.warning(message) : platform.info(message)),
    onThrottled: () => concurrency.throttled(),
    ...options.transport,
  };
}

/** A run that failed after the inputs were accepted: the message, with the credentials hint for auth. */
export function runFailed(platform: Platform, error: unknown, credentialsHint: string): string {
  const message =
    error instanceof AuthError ? `${(error as Error).message} ${credentialsHint}` : (error as Error).message;
  platform.setFailed(message);
  return message;
}

/**
 * What a finished run says beyond its rows, lock and policy runs alike: that the overall timeout ran
 * out, how to give credentials when the ones found by default (no credential inputs) were refused, and
 * how to trust the registry's certificate.
 */
export function publishRunHints(
  options: Pick<InvocationOptions, 'platform' | 'credentialsHint' | 'caCertHint'>,
  run: {
    readonly deadline: Deadline;
    /** The error kinds of the objects that failed. */
    readonly errorKinds: ReadonlySet<string>;
    readonly credentialsGiven: boolean;
  },
): void {
  const { platform } = options;
  if (run.deadline.signal.aborted) {
    platform.error(
      `The overall timeout (${run.deadline.label}) ran out; the report shows what was done before it.`,
      'acr-lock: timeout',
    );
  }
  if (!run.credentialsGiven && (run.errorKinds.has('auth') || run.errorKinds.has('unauthorized')))
    platform.error(options.credentialsHint, 'acr-lock: credentials');
  if (run.errorKinds.has('untrusted-certificate'))
    platform.error(options.caCertHint, 'acr-lock: untrusted certificate');
}
