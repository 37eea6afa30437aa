import type { AuthRequest } from '../model/auth.js';
import { authFromInputs } from './auth-from-inputs.js';
import type { InputReader } from './input-names.js';
import { readInput, readInteger } from './input-helpers.js';
import { readDuration } from './read-duration.js';

/** Registry requests in flight at once: the default, and the most a run may ask for. */
const DEFAULT_CONCURRENCY = 4;
const MAX_CONCURRENCY = 64;

/** How every kind of run reaches the registry: credentials, trust, concurrency and time limits. */
export interface TransportSettings {
  readonly concurrency: number;
  readonly auth?: AuthRequest;
  readonly caCertPath?: string;
  readonly timeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly maxRetryAfterMs: number;
}

/** The inputs both the lock actions and the policy actions share, with one set of bounds. */
export function readTransportSettings(read: InputReader): TransportSettings {
  const auth = authFromInputs(read);
  const caCertPath = readInput(read, 'ca-cert');
  return {
    concurrency: readInteger(read, 'max-concurrency', {
      min: 1,
      max: MAX_CONCURRENCY,
      fallback: DEFAULT_CONCURRENCY,
    }),
    ...(auth !== undefined ? { auth } : {}),
    ...(caCertPath !== undefined ? { caCertPath } : {}),
    timeoutMs: readDuration(read, 'timeout', { fallbackMs: 600_000, minMs: 1000, maxMs: 86_400_000 }),
    requestTimeoutMs: readDuration(read, 'request-timeout', {
      fallbackMs: 30_000,
      minMs: 100,
      maxMs: 600_000,
    }),
    maxRetryAfterMs: readDuration(read, 'max-retry-after', {
      fallbackMs: 60_000,
      minMs: 0,
      maxMs: 3_600_000,
    }),
  };
}
