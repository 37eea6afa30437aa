import { readFile } from 'node:fs/promises';
import type { PipelineRetryOptions } from '@azure/core-rest-pipeline';
import type { AuthRequest } from '../core/model/auth.js';
import type { RunReport } from '../core/model/result.js';
import type { Platform } from '../core/platform/platform.js';
import { publishReport } from '../core/platform/publish-report.js';
import { SECRET_INPUTS } from '../core/settings/input-names.js';
import {
  authFromEnvironment,
  parseSettings,
  validateAuthForAction,
} from '../core/settings/parse-settings.js';
import type { Settings } from '../core/settings/settings.js';
import { renderInputError } from '../core/settings/input-terms.js';
import { countLines, type RunProgress } from '../core/report/progress.js';
import { createTokenSource } from '../core/auth/create-token-source.js';
import { registryClients } from '../core/registry/registry-clients.js';
import { runLock } from '../core/run-lock.js';
import { AuthError, InputError } from '../core/errors.js';

/** Secrets @azure/identity may read from the environment: masked like secret inputs. */
const SECRET_ENVIRONMENT = ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PASSWORD'] as const;

export interface RunAcrLockOptions {
  readonly platform: Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Credentials the platform itself provides (an Azure DevOps service connection, the CLI's Docker
   * config for the run's login server); inputs still win.
   */
  readonly platformAuth?: AuthRequest | ((settings: Settings) => Promise<AuthRequest | undefined>);
  /** The platform's OIDC token, for client-id + tenant-id federation. */
  readonly federatedAssertion?: (audience: string) => Promise<string>;
  /** What to tell the user when no credentials work, in the platform's terms. */
  readonly credentialsHint: string;
  /** What to tell the user when the registry's certificate is not trusted, in the platform's terms. */
  readonly caCertHint: string;
  readonly retryOptions?: PipelineRetryOptions;
  /** Progress as the run goes; default: a count line in the log at most every 5 s on long runs. */
  readonly onProgress?: (progress: RunProgress) => void;
}

/** The least time between two progress lines in a log. */
const PROGRESS_INTERVAL_MS = 5000;

export type RunOutcome =
  | { readonly kind: 'usage-error'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'done'; readonly report: RunReport };

/**
 * The I/O edge every shell shares: masks secrets, parses inputs (nothing is sent on bad input), reads
 * the CA file, builds credentials and registry clients, runs the core and publishes the report.
 */
export async function runAcrLock(options: RunAcrLockOptions): Promise<RunOutcome> {
  const { platform, env } = options;
  for (const name of SECRET_INPUTS) {
    const value = platform.readInput(name);
    if (value) platform.setSecret(value);
  }
  for (const name of SECRET_ENVIRONMENT) {
    const value = env[name];
    if (value) platform.setSecret(value);
  }
  let settings: Settings;
  let caCertPem: string | undefined;
  let auth: AuthRequest;
  try {
    settings = parseSettings(platform.readInput);
    const { platformAuth } = options;
    auth = settings.auth ??
      (typeof platformAuth === 'function' ? await platformAuth(settings) : platformAuth) ??
      authFromEnvironment(env) ?? { kind: 'ambient' };
    validateAuthForAction({ ...settings, auth });
    caCertPem = settings.caCertPath ? await readCaCert(settings.caCertPath) : undefined;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const message = renderInputError(error, platform.inputTerms);
    platform.setFailed(message);
    return { kind: 'usage-error', message };
  }
  try {
    const tokenSource = await createTokenSource(auth, {
      cloud: settings.cloud,
      federatedAssertion: options.federatedAssertion,
      authorityHost: env.AZURE_AUTHORITY_HOST || undefined,
      disableInstanceDiscovery: env.AZURE_AUTHORITY_HOST ? true : undefined,
    });
    const clientFor = registryClients({
      tokenSource,
      access: settings.action === 'apply' ? 'write' : 'read',
      caCertPem,
      retryOptions: options.retryOptions,
      referrers: settings.includeReferrers,
    });
    const onProgress =
      options.onProgress ??
      countLines((line) => platform.info(line), { intervalMs: PROGRESS_INTERVAL_MS, now: Date.now });
    const report = await runLock(settings, clientFor, settings.concurrency, onProgress);
    const authFailure = report.items.find(
      (i) => i.error?.kind === 'auth' || i.error?.kind === 'unauthorized',
    );
    if (authFailure && settings.auth === undefined) {
      platform.error(options.credentialsHint, 'acr-lock: credentials');
    }
    if (report.items.some((i) => i.error?.kind === 'untrusted-certificate')) {
      platform.error(options.caCertHint, 'acr-lock: untrusted certificate');
    }
    await publishReport(platform, report);
    return { kind: 'done', report };
  } catch (error) {
    const message =
      error instanceof AuthError ? `${error.message} ${options.credentialsHint}` : (error as Error).message;
    platform.setFailed(message);
    return { kind: 'error', message };
  }
}

async function readCaCert(path: string): Promise<string> {
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
