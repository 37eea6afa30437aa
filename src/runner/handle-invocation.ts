import type { AuthRequest } from '../core/model/auth.js';
import type { RunReport } from '../core/model/result.js';
import type { Platform } from '../core/platform/platform.js';
import { publishReport } from '../core/platform/publish-report.js';
import { SECRET_INPUTS } from '../core/settings/input-names.js';
import { parseSettings, validateAuthForAction } from '../core/settings/parse-settings.js';
import type { Settings } from '../core/settings/settings.js';
import { renderInputError } from '../core/settings/input-terms.js';
import { clientsByLoginServer } from '../acr/clients-by-login-server.js';
import type { TransportOptions } from '../acr/http/transport-options.js';
import { userAgentPrefix, type Shell } from '../acr/user-agent.js';
import { processTargets } from '../core/process-targets.js';
import { countLines, type RunProgress } from '../core/report/progress.js';
import { InputError } from '../core/errors.js';
import { checkCredentialHosts } from '../core/credential-hosts.js';
import { redactReport } from './redact-report.js';
import { runsOverSelection } from '../core/settings/policy-settings.js';
import type { PolicyRow } from '../core/policy/policy-run.js';
import type { AuditDisplay, PolicyOutcome } from './handle-policy-invocation.js';
import {
  authSecrets,
  publishRunHints,
  readCaCert,
  registryTransport,
  runConcurrency,
  resolveAuth,
  runFailed,
  startDeadline,
  tokenSourceFor,
} from './invocation-edge.js';

/** Secrets @azure/identity may read from the environment: masked like secret inputs. */
const SECRET_ENVIRONMENT = ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PASSWORD'] as const;

export interface InvocationOptions {
  /** Which shell runs: named in every request's User-Agent. */
  readonly shell: Shell;
  readonly platform: Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Credentials the platform itself provides (an Azure DevOps service connection, the CLI's Docker
   * config for the run's login server); inputs still win.
   */
  readonly platformAuth?:
    AuthRequest | ((loginServer: string | undefined) => Promise<AuthRequest | undefined>);
  /** The platform's OIDC token, for client-id + tenant-id federation. */
  readonly federatedAssertion?: (audience: string) => Promise<string>;
  /** What to tell the user when no credentials work, in the platform's terms. */
  readonly credentialsHint: string;
  /** What to tell the user when the registry's certificate is not trusted, in the platform's terms. */
  readonly caCertHint: string;
  /** Transport overrides (tests: fewer retries, shorter back-off; the bench: counters). */
  readonly transport?: Partial<TransportOptions>;
  /** Progress as the run goes; default: a count line in the log at most every 5 s on long runs. */
  readonly onProgress?: (progress: RunProgress) => void;
  /** sweep and enforce: plan only (the CLI's `--dry-run`); verify over a selection always is. */
  readonly dryRun?: boolean;
  /** sweep, enforce and verify over a selection: each object as it is decided (the CLI prints them). */
  readonly onRow?: (row: PolicyRow) => void | Promise<void>;
  /** audit: shows the report as it is read (the CLI prints it in the format asked for). */
  readonly auditDisplay?: AuditDisplay;
  /**
   * Called once the run turns out to be over a selection (sweep, enforce, audit, verify of a selection:
   * the long runs), before any of it loads. The shells' entries pass boundHeapGrowth, for their own
   * process only: it would slow a lock run's start, and a host that loads the runner keeps its settings.
   */
  readonly boundHeap?: () => void;
}

/** The least time between two progress lines in a log. */
const PROGRESS_INTERVAL_MS = 5000;

export type InvocationOutcome =
  | { readonly kind: 'usage-error'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'done'; readonly report: RunReport }
  | PolicyOutcome;

/**
 * The I/O edge every shell shares: masks secrets, parses inputs (nothing is sent on bad input), reads
 * the CA file, builds credentials and registry clients, runs the core and publishes the report.
 */
export async function handleInvocation(options: InvocationOptions): Promise<InvocationOutcome> {
  const { platform, env } = options;
  const secrets: string[] = [];
  for (const name of SECRET_INPUTS) {
    const value = platform.readInput(name);
    if (value) secrets.push(value);
  }
  for (const name of SECRET_ENVIRONMENT) {
    const value = env[name];
    if (value) secrets.push(value);
  }
  if (typeof options.platformAuth === 'object') secrets.push(...authSecrets(options.platformAuth));
  for (const secret of secrets) platform.setSecret(secret);
  if (runsOverSelection(platform.readInput)) {
    options.boundHeap?.();
    // Loaded on demand: the policy parser (yaml, ajv, re2js, picomatch) is no part of a lock run's start.
    const { handlePolicyInvocation } = await import('./handle-policy-invocation.js');
    return handlePolicyInvocation(options, secrets);
  }
  let settings: Settings;
  let caCertPem: string | undefined;
  let auth: AuthRequest;
  try {
    settings = parseSettings(platform.readInput);
    auth = await resolveAuth(options, settings.auth, settings.targets[0]?.loginServer, secrets);
    validateAuthForAction({ ...settings, auth });
    checkCredentialHosts(settings, auth);
    caCertPem = settings.caCertPath ? await readCaCert(settings.caCertPath) : undefined;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const message = renderInputError(error, platform.inputTerms);
    platform.setFailed(message);
    return { kind: 'usage-error', message };
  }
  const deadline = startDeadline(settings.timeoutMs);
  const concurrency = runConcurrency(settings, platform);
  try {
    const tokenSource = await tokenSourceFor(auth, settings, options);
    const clientFor = clientsByLoginServer({
      userAgentPrefix: userAgentPrefix(options.shell),
      tokenSource,
      access: settings.action === 'apply' ? 'write' : 'read',
      caCertPem,
      transport: registryTransport(settings, deadline, concurrency, options),
      referrers: settings.includeReferrers,
    });
    const onProgress =
      options.onProgress ??
      countLines((line) => platform.info(line), { intervalMs: PROGRESS_INTERVAL_MS, now: Date.now });
    const report = redactReport(await processTargets(settings, clientFor, concurrency, onProgress), secrets);
    publishRunHints(options, {
      deadline,
      errorKinds: new Set(report.items.flatMap((i) => (i.error ? [i.error.kind] : []))),
      credentialsGiven: settings.auth !== undefined,
    });
    await publishReport(platform, report);
    return { kind: 'done', report };
  } catch (error) {
    return { kind: 'error', message: runFailed(platform, error, options.credentialsHint) };
  } finally {
    deadline.stop();
  }
}
