import {
  isRestError,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { seconds } from './request-timeout-policy.js';
import { linkedAbort } from './linked-abort.js';
import { TransportError } from './transport-error.js';
import { UNTRUSTED_CERTIFICATE } from '../../core/errors.js';
import type { TransportOptions } from './transport-options.js';

const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);
const MAX_BACKOFF_MS = 4000;

/**
 * acr-lock's one retry loop (the SDK's own is switched off): retries 429, 5xx, dropped connections and
 * attempts that timed out. A `Retry-After` is honoured up to `maxRetryAfterMs` and told in the log;
 * no attempt starts and no wait runs past the overall deadline.
 */
export function retryPolicy(options: TransportOptions): PipelinePolicy {
  return {
    name: 'acrLockRetry',
    async sendRequest(request, next) {
      const deadline = options.deadline;
      const outer = request.abortSignal;
      // Whether an earlier attempt may have reached the registry without a clear answer.
      let uncertain = false;
      for (let attempt = 0; ; attempt += 1) {
        if (deadline?.signal.aborted) throw deadlineError(request, attempt > 0, uncertain, options);
        if (options.stats) options.stats.requests += 1;
        let response: PipelineResponse | undefined;
        let failure: unknown;
        const signal = deadline
          ? linkedAbort([outer as AbortSignal | undefined, deadline.signal])
          : undefined;
        if (signal) request.abortSignal = signal.signal;
        try {
          response = await next(request);
        } catch (error) {
          failure = error;
        } finally {
          signal?.release();
          request.abortSignal = outer;
        }
        if (failure !== undefined && deadline?.signal.aborted)
          throw deadlineError(request, true, true, options);
        const status = response?.status ?? (isRestError(failure) ? failure.statusCode : undefined);
        uncertain = status === undefined || status >= 500;
        if (status === 429) options.onThrottled?.();
        const wait =
          attempt < options.maxRetries ? retryWait(response, failure, attempt, options) : undefined;
        if (!wait) {
          if (failure !== undefined) throw failure;
          return response as PipelineResponse;
        }
        if (deadline && Date.now() + wait.ms >= deadline.at) {
          throw new TransportError(
            'timeout',
            `${wait.reason}; waiting ${seconds(wait.ms)} would pass the overall timeout (${deadline.label})`,
          );
        }
        if (wait.tell) {
          options.log?.(
            `${describe(request)}: ${wait.reason}; waiting ${seconds(wait.ms)} before retry ${attempt + 1} of ${options.maxRetries}.`,
            wait.capped === true,
          );
        }
        if (options.stats) options.stats.retries += 1;
        await sleep(wait.ms, deadline?.signal);
      }
    },
  };
}

interface Wait {
  readonly ms: number;
  readonly reason: string;
  /** Said in the log: a wait the registry asked for. */
  readonly tell: boolean;
  /** The registry asked for longer than the cap. */
  readonly capped?: boolean;
}

function retryWait(
  response: PipelineResponse | undefined,
  failure: unknown,
  attempt: number,
  options: TransportOptions,
): Wait | undefined {
  const backoff = Math.min(options.retryDelayMs * 2 ** attempt, MAX_BACKOFF_MS) * (0.8 + Math.random() * 0.4);
  const status = response?.status ?? (isRestError(failure) ? failure.statusCode : undefined);
  if (status !== undefined) {
    if (!TRANSIENT_STATUS.has(status)) return undefined;
    const headers = response?.headers ?? (isRestError(failure) ? failure.response?.headers : undefined);
    const asked = status === 429 || status === 503 ? retryAfterMs(headers?.get('retry-after')) : undefined;
    if (asked === undefined) return { ms: backoff, reason: `the registry answered ${status}`, tell: false };
    const capped = Math.min(asked, options.maxRetryAfterMs);
    const note =
      capped < asked ? ` (Retry-After ${seconds(asked)}, capped at ${seconds(capped)})` : ' (Retry-After)';
    return {
      ms: capped,
      reason: `the registry answered ${status}${note}`,
      tell: true,
      capped: capped < asked,
    };
  }
  if (failure instanceof TransportError)
    return failure.transient ? { ms: backoff, reason: failure.message, tell: false } : undefined;
  // A certificate that is not trusted, or a host name that does not exist, stays so: no retry.
  if (PERMANENT_CONNECTION_FAILURES.has(String((failure as { code?: unknown } | undefined)?.code)))
    return undefined;
  // No status at all: the connection failed or dropped before a complete answer.
  if (isRestError(failure) || isNetworkError(failure))
    return { ms: backoff, reason: 'the connection failed', tell: false };
  return undefined;
}

const PERMANENT_CONNECTION_FAILURES: ReadonlySet<string> = new Set([
  ...UNTRUSTED_CERTIFICATE,
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ENOTFOUND',
]);

function isNetworkError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function deadlineError(
  request: PipelineRequest,
  started: boolean,
  uncertain: boolean,
  options: TransportOptions,
): TransportError {
  const label = options.deadline?.label ?? '';
  const write = request.method === 'PATCH';
  if (!started) return new TransportError('timeout', `not attempted: the overall timeout (${label}) ran out`);
  return new TransportError(
    'timeout',
    write && uncertain
      ? `the overall timeout (${label}) ran out while the change was in flight; whether the registry applied it is unknown (run verify)`
      : write
        ? `the overall timeout (${label}) ran out before the change was made`
        : `the overall timeout (${label}) ran out before the registry answered`,
  );
}

function describe(request: PipelineRequest): string {
  const url = new URL(request.url);
  return `${request.method} ${url.host}${url.pathname}`;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(id);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const id = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
