import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { SdkRegistryClient } from '../acr/sdk-registry-client.js';
import { userAgentPrefix } from '../acr/user-agent.js';
import { InputError, mention, rule } from '../core/errors.js';
import type { AuthRequest } from '../core/model/auth.js';
import type { Platform } from '../core/platform/platform.js';
import { unlockingRules } from '../core/policy/bulk-unlock.js';
import {
  CheckpointError,
  parseCheckpoint,
  serializeCheckpoint,
  type Checkpoint,
} from '../core/policy/checkpoint.js';
import { parsePolicy } from '../core/policy/parse-policy.js';
import { describeRule, type Policy } from '../core/policy/policy.js';
import { PolicyError } from '../core/policy/policy-error.js';
import { policyFromInputs } from '../core/policy/policy-from-inputs.js';
import type { PolicyCounts, PolicyRow } from '../core/policy/policy-run.js';
import { auditText, auditVerdict, failingFindings, type AuditFormat } from '../core/policy/render-audit.js';
import {
  FirstRows,
  policyRunPassed,
  policyRunVerdict,
  renderMismatch,
  renderPolicyRunMarkdown,
  type PolicyCommand,
} from '../core/policy/render-policy-run.js';
import { startAudit, type AuditRun, type AuditSummary } from '../core/policy/run-audit.js';
import { runEnforce } from '../core/policy/run-enforce.js';
import { runSweep } from '../core/policy/run-sweep.js';
import { createWritePacer } from '../core/policy/write-pacer.js';
import { renderInputError } from '../core/settings/input-terms.js';
import { parsePolicySettings, type PolicySettings } from '../core/settings/policy-settings.js';
import type { InvocationOptions } from './handle-invocation.js';
import {
  publishRunHints,
  readCaCert,
  registryTransport,
  runConcurrency,
  resolveAuth,
  runFailed,
  startDeadline,
  tokenSourceFor,
} from './invocation-edge.js';
import { auditPieces, gatheredOutlet, type AuditOutlet } from './audit-pieces.js';
import { objectAnnotations, type ObjectAnnotations } from './object-annotations.js';
import { redactAudit, redactRow } from './redact-report.js';
import { leavesManifestLocked, retentionNote } from '../core/policy/retention-note.js';

export type PolicyOutcome = {
  readonly kind: 'policy-done';
  readonly ok: boolean;
  readonly verdict: string;
  readonly counts?: PolicyCounts;
};

/** Where a shell shows an audit as it goes (the CLI: standard output, in the format asked for). */
export interface AuditDisplay {
  readonly format: AuditFormat;
  /** May return a promise that resolves when the text has been taken (a pipe read slowly). */
  write(text: string): void | Promise<void>;
}

/** Outputs are capped at 64 KiB (bounded-outputs.ts); the report file holds everything. */
const RESULT_LIMIT = 64 * 1024;

type Failure = { readonly kind: 'usage-error' | 'error'; readonly message: string };

/**
 * sweep, enforce, audit and verify over a selection: reads the policy file (or builds the rule from
 * inputs) and the checkpoint, refuses bad input before any request, runs the core over the registry's
 * listings and publishes the counts, the summary and the checkpoint.
 */
export async function handlePolicyInvocation(
  options: InvocationOptions,
  /** The run's secrets so far; resolveAuth adds what it finds. */
  secrets: string[],
): Promise<PolicyOutcome | Failure> {
  const { platform } = options;
  const now = Date.now;
  let settings: PolicySettings;
  let policy: Policy;
  let policyDigest: string;
  let auth: AuthRequest;
  let caCertPem: string | undefined;
  let checkpoint: Checkpoint | undefined;
  try {
    settings = parsePolicySettings(platform.readInput);
    ({ policy, policyDigest } = await loadPolicy(settings));
    refuseBulkUnlock(settings, policy);
    auth = await resolveAuth(options, settings.auth, settings.loginServer, secrets);
    if (auth.kind === 'anonymous' && settings.action !== 'audit') {
      throw new InputError(
        'action',
        settings.action === 'verify'
          ? // It writes nothing, but runs with credentials as verify of named images does.
            rule`'verify' needs credentials, over a selection as over named images: give ${mention('username')} and ${mention('password')}, or ${mention('client-id')} and ${mention('tenant-id')}`
          : rule`'${settings.action}' writes, so it needs credentials: give ${mention('username')} and ${mention('password')}, or ${mention('client-id')} and ${mention('tenant-id')}`,
      );
    }
    caCertPem = settings.caCertPath ? await readCaCert(settings.caCertPath) : undefined;
    checkpoint = settings.checkpointPath ? await readCheckpoint(settings.checkpointPath) : undefined;
  } catch (error) {
    const message =
      error instanceof InputError
        ? renderInputError(error, platform.inputTerms)
        : error instanceof PolicyError || error instanceof CheckpointError
          ? error.message
          : undefined;
    if (message === undefined) throw error;
    platform.setFailed(message);
    return { kind: 'usage-error', message };
  }

  const deadline = startDeadline(settings.timeoutMs);
  const concurrency = runConcurrency(settings, platform);
  // verify is exactly a sweep's plan: the same selection and reads, nothing written.
  const dryRun = options.dryRun === true || settings.action === 'verify';
  try {
    const tokenSource = await tokenSourceFor(auth, settings, options);
    const client = new SdkRegistryClient({
      userAgentPrefix: userAgentPrefix(options.shell),
      loginServer: settings.loginServer,
      tokenSource,
      access: settings.action === 'audit' || dryRun ? 'read' : 'write',
      caCertPem,
      transport: registryTransport(settings, deadline, concurrency, options),
    });
    const beforeWrite =
      settings.maxWritesPerMinute !== undefined
        ? createWritePacer(settings.maxWritesPerMinute, {
            now,
            sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
          })
        : undefined;
    const first = new FirstRows();
    const annotations = objectAnnotations(platform);
    let lockedManifests = 0;
    const errorKinds = new Set<string>();
    const hints = (): void =>
      publishRunHints(options, { deadline, errorKinds, credentialsGiven: settings.auth !== undefined });
    const run = {
      concurrency,
      nowMs: now(),
      ...(dryRun ? { dryRun: true } : {}),
      ...(beforeWrite ? { beforeWrite } : {}),
      onRow: (found: PolicyRow) => {
        const row = redactRow(found, secrets);
        first.add(row);
        if (leavesManifestLocked(row)) lockedManifests += 1;
        if (row.status === 'failed' && row.error) {
          errorKinds.add(row.error.kind);
          annotations.error(row.error.message, `acr-lock: ${row.repository} ${row.status}`);
        }
        if (settings.action === 'verify' && row.status === 'would-change')
          annotations.error(renderMismatch(row), 'acr-lock: not as its rule wants');
        return options.onRow?.(row);
      },
    };

    if (settings.action === 'audit') {
      const audit = await startAudit(client, policy, { drift: settings.drift, nowMs: run.nowMs });
      // The hints come before the verdict line, as in every other run.
      return await publishAudit(
        platform,
        settings,
        audit,
        secrets,
        options.auditDisplay,
        annotations,
        (summary) => {
          for (const failure of summary.failures) errorKinds.add(failure.kind);
          hints();
        },
      );
    }
    let counts: PolicyCounts;
    if (settings.action === 'sweep' || settings.action === 'verify') {
      counts = await runSweep(client, policy, run);
    } else {
      const result = await runEnforce(client, policy, {
        ...run,
        loginServer: settings.loginServer,
        policyDigest,
        ...(checkpoint ? { checkpoint } : {}),
      });
      counts = result.counts;
      if (result.fullPassReason)
        platform.info(`Checkpoint not used (${result.fullPassReason}): a full pass.`);
      platform.info(`${result.tagsRead} tag(s) updated since the checkpoint.`);
      if (settings.checkpointPath && !dryRun)
        await writeAtomically(settings.checkpointPath, serializeCheckpoint(result.checkpoint));
    }
    annotations.close();
    if (lockedManifests > 0 && settings.action !== 'verify') platform.warning(retentionNote(lockedManifests));
    hints();
    return await publishCounts(platform, settings.action, counts, first.rows);
  } catch (error) {
    return { kind: 'error', message: runFailed(platform, error, options.credentialsHint) };
  } finally {
    deadline.stop();
  }
}

async function loadPolicy(settings: PolicySettings): Promise<{ policy: Policy; policyDigest: string }> {
  if (settings.policyPath !== undefined) {
    let text: string;
    try {
      text = await readFile(settings.policyPath, 'utf8');
    } catch (error) {
      throw new InputError(
        'policy',
        `cannot read '${settings.policyPath}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    return { policy: parsePolicy(text, settings.policyPath), policyDigest: sha256(text) };
  }
  if (!settings.rule) throw new InputError('policy', 'a policy file or a repository is needed');
  try {
    return { policy: policyFromInputs(settings.rule), policyDigest: sha256(JSON.stringify(settings.rule)) };
  } catch (error) {
    if (error instanceof PolicyError && error.location.input !== undefined) {
      throw new InputError(error.location.input, error.rule);
    }
    throw error;
  }
}

/**
 * Unlocking every matching tag is one mistyped pattern away from undoing a registry's locks. audit and
 * verify change nothing: an unlocking rule is only checked there.
 */
function refuseBulkUnlock(settings: PolicySettings, policy: Policy): void {
  if (settings.action === 'audit' || settings.action === 'verify' || settings.allowBulkUnlock) return;
  const [first] = unlockingRules(policy);
  if (!first || first.effect.kind !== 'apply') return;
  const what =
    settings.policyPath !== undefined
      ? `${describeRule(first)} (${first.effect.mode})`
      : `'${first.effect.mode}'`;
  throw new InputError(
    settings.policyPath !== undefined ? 'policy' : 'lock-mode',
    rule`${what} would make every tag it matches deletable again: set ${mention('allow-bulk-unlock', 'true')} to allow a bulk unlock`,
  );
}

async function readCheckpoint(path: string): Promise<Checkpoint | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    // No checkpoint yet: the first pass is a full sweep and writes it.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(
      'checkpoint',
      `cannot read '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseCheckpoint(text, path);
}

/** Written beside and renamed over, so an interrupted pass never leaves half a checkpoint. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, 'utf8');
  await rename(temporary, path);
}

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

async function publishCounts(
  platform: Platform,
  action: PolicyCommand,
  counts: PolicyCounts,
  firstRows: readonly PolicyRow[],
): Promise<PolicyOutcome> {
  platform.setOutput('selected', String(counts.selected));
  platform.setOutput('changed', String(counts.changed));
  platform.setOutput('unchanged', String(counts.unchanged));
  platform.setOutput('kept', String(counts.kept));
  platform.setOutput('failed', String(counts.failed));
  // What a sweep would change is, to the gate, what is not as its rule wants.
  if (action === 'verify') platform.setOutput('mismatched', String(counts.wouldChange));
  const result = JSON.stringify({ action, counts, rows: firstRows });
  platform.setOutput('result', result);
  if (platform.writeReportFile) platform.setOutput('report-file', await platform.writeReportFile(result));
  await platform.writeSummary(renderPolicyRunMarkdown(action, counts, firstRows));
  const verdict = policyRunVerdict(action, counts);
  platform.info(verdict);
  const ok = policyRunPassed(action, counts);
  if (!ok) platform.setFailed(verdict);
  return { kind: 'policy-done', ok, verdict, counts };
}

/**
 * The audit written as it is read, a repository at a time: the whole report to the report file (JSON)
 * and to the shell's display, the first rows to the summary, the report as `result` while it keeps
 * within 64 KiB; then the counts, the findings as warnings (the first OBJECT_ANNOTATIONS) and the verdict.
 */
async function publishAudit(
  platform: Platform,
  settings: PolicySettings,
  audit: AuditRun,
  secrets: readonly string[],
  display: AuditDisplay | undefined,
  annotations: ObjectAnnotations,
  /** Just before the verdict line: the run's hints. */
  beforeVerdict: (summary: AuditSummary) => void,
): Promise<PolicyOutcome> {
  const result = resultOutlet();
  let markdown = '';
  const outlets: AuditOutlet[] = [
    result,
    {
      text: auditText('markdown'),
      write: (piece) => {
        markdown += piece;
      },
    },
    ...(display ? [gatheredOutlet(auditText(display.format), (text) => display.write(text))] : []),
  ];
  // The walk redacts the summary once, for its closings; the outputs below use the same.
  let redacted: AuditSummary | undefined;
  const pieces = auditPieces(
    audit,
    platform.writeReportFile ? auditText('json') : undefined,
    outlets,
    (summary) => (redacted = redactAudit(summary, secrets)),
  );
  if (platform.writeReportFile) platform.setOutput('report-file', await platform.writeReportFile(pieces));
  // No report file: the walk itself feeds the outlets.
  else for await (const _ of pieces);
  const summary = redacted ?? redactAudit(audit.summary(), secrets);
  const failing = failingFindings(summary);
  platform.setOutput('findings', String(failing.length));
  platform.setOutput(
    'result',
    result.json() ??
      JSON.stringify({
        repositories: summary.repositories,
        objects: summary.objects,
        findings: failing.length,
        truncated: true,
      }),
  );
  for (const finding of failing) annotations.warning(`${finding.object}: ${finding.message}`);
  // In every format's stead (CSV has no place for them): an annotation, an issue, standard error.
  for (const failure of summary.failures)
    annotations.error(failure.message, `acr-lock: ${failure.repository} not read`);
  annotations.close();
  await platform.writeSummary(markdown);
  beforeVerdict(summary);
  const verdict = auditVerdict(summary);
  platform.info(verdict);
  const ok = summary.failures.length === 0 && !(settings.failOnFindings && failing.length > 0);
  if (!ok) platform.setFailed(verdict);
  return { kind: 'policy-done', ok, verdict };
}

/** The report's JSON for the `result` output while it keeps within the 64 KiB outputs are capped at. */
function resultOutlet(): AuditOutlet & { json(): string | undefined } {
  let json: string | undefined = '';
  return {
    text: auditText('json'),
    write(piece) {
      if (json === undefined) return;
      json += piece;
      if (json.length > RESULT_LIMIT) json = undefined;
    },
    full: () => json === undefined,
    json: () => json,
  };
}
