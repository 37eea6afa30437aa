/** The overall timeout of a run: once `signal` aborts, no request starts and no wait goes on. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Milliseconds since the epoch. */
  readonly at: number;
  /** As the user set it, for messages (`10 min`). */
  readonly label: string;
}

/** Counters a benchmark reads; one object may be shared by every client of a run. */
export interface TransportStats {
  requests: number;
  retries: number;
}

/** How every request to a registry is sent: timeouts, retries and the overall deadline. */
export interface TransportOptions {
  /** Per attempt: an attempt with no complete answer in time is retried like a dropped connection. */
  readonly requestTimeoutMs: number;
  /** The longest `Retry-After` honoured; a longer one is cut to this. */
  readonly maxRetryAfterMs: number;
  readonly maxRetries: number;
  /** First back-off after a 5xx or a network failure; doubles with each retry (at most 4 s), with jitter. */
  readonly retryDelayMs: number;
  readonly deadline?: Deadline;
  /** Where waits and their reasons are told; `notable` for a wait cut short by the cap (a warning). */
  readonly log?: (message: string, notable: boolean) => void;
  readonly stats?: TransportStats;
  /** Told of every 429, so the run can lower its concurrency (AdaptiveConcurrency). */
  readonly onThrottled?: () => void;
}

export const DEFAULT_TRANSPORT: TransportOptions = {
  requestTimeoutMs: 30_000,
  maxRetryAfterMs: 60_000,
  maxRetries: 5,
  retryDelayMs: 500,
};
