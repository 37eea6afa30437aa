import { randomBytes } from 'node:crypto';
import type { ScopedTokenConfig } from './auth/principals.js';
import { DEFAULT_MAX_PAGE_SIZE, type PageSizeLimit } from './http/paging.js';
import type { RequestLogEntry } from './log/request-log.js';
import type { RateLimits } from './server/rate-limiter.js';

/**
 * Test-only changes to the emulator's `/acr/v1` answers, to prove the reference suites compare
 * values: `swap-write-delete` reports each object's `writeEnabled` as its `deleteEnabled` and the
 * other way round; `swap-manifest-tag-count` swaps a repository's `manifestCount` and `tagCount`.
 */
export type TestMutation = 'swap-write-delete' | 'swap-manifest-tag-count';

export interface EmulatorOptions {
  /** Default 0 (ephemeral). */
  port?: number;
  /** Address to listen on; default 127.0.0.1. */
  listen?: string;
  /**
   * `HOST[:PORT]` clients reach the emulator at (a port forward, a proxy): the login server, the
   * token realm and the certificate use it instead of the hostname and the listen port.
   */
  advertise?: string;
  /**
   * Name(s) in the generated certificate and in the login server; default 'localhost'. Several
   * names may be given comma-separated: the first is the login server, all go into the certificate.
   */
  hostname?: string;
  /** Default `{ username: 'acrlock', password: <random> }`. */
  admin?: { username: string; password: string };
  /** ACR repository-scoped tokens (scope maps). Repository keys may end in `/*`. */
  scopedTokens?: ScopedTokenConfig[];
  /** Which Entra access tokens `/oauth2/exchange` accepts; default: reject all. */
  entra?: { verifyAccessToken(token: string): boolean | Promise<boolean> };
  /** Default false. */
  anonymousPull?: boolean;
  /** Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Default true: load the sample images (see SAMPLES) into an empty registry. */
  seed?: boolean;
  /** Keep the registry (and the certificates) in this directory across restarts; default memory only. */
  dataDir?: string;
  /** Called with each request's log entry as it is answered (the standalone `--log` file). */
  onRequest?: (entry: RequestLogEntry) => void;
  /** ACR's per-minute read and write limits; over them, 429 with `Retry-After`. Default: none. */
  rateLimits?: RateLimits;
  /** Test-only: the rate limiter's clock (ms), so a test can pass ACR's one-minute window in a second. */
  rateLimitClock?: () => number;
  /** Seed of the generator that decides probabilistic faults; default random. */
  faultSeed?: number;
  /** Most referrers per page of `GET /v2/{name}/referrers/{digest}` before a `Link`; default 100. */
  referrersPageSize?: number;
  /**
   * Largest `n` the tag, manifest and repository listings (`/acr/v1` and `/v2`) accept; default
   * 1000 (ACR publishes no maximum).
   */
  maxPageSize?: number;
  /**
   * What an `n` above `maxPageSize` gets: `refuse` (default), 400 `PAGINATION_NUMBER_INVALID` as the
   * distribution registry answers; `cap`, a page of `maxPageSize` items and a `Link` to the rest.
   */
  oversizedPage?: PageSizeLimit['above'];
  /** Test-only: see TestMutation. */
  testMutation?: TestMutation;
}

export interface ResolvedOptions {
  port: number;
  listen: string;
  advertise?: { host: string; port?: number };
  hostnames: string[];
  admin: { username: string; password: string };
  scopedTokens: ScopedTokenConfig[];
  verifyAccessToken(token: string): Promise<boolean>;
  anonymousPull: boolean;
  accessTokenTtlSeconds: number;
  seed: boolean;
  referrersPageSize: number;
  pageSizeLimit: PageSizeLimit;
}

/** `HOST[:PORT]`, `[v6]:PORT`; throws on anything else. */
/** The admin user's name when none is given. */
export const DEFAULT_ADMIN_USERNAME = 'acrlock';

/**
 * A random admin password: 128 bits as hex. Not base64url, whose `-` can come first: a password such
 * as `-x1…` reads as an option to the clients it is handed to (`az … --password -x1…` fails with
 * "expected one argument"), which broke the README's CI example about one run in 64.
 */
export function randomAdminPassword(): string {
  return randomBytes(16).toString('hex');
}

export function parseHostPort(value: string): { host: string; port?: number } {
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(value.trim());
  const port = m?.[2] === undefined ? undefined : Number(m[2]);
  if (!m?.[1] || (port !== undefined && (port < 1 || port > 65535))) {
    throw new Error(`'${value}' is not HOST or HOST:PORT (a port from 1 to 65535)`);
  }
  return port === undefined ? { host: m[1] } : { host: m[1], port };
}

/** The login server clients see: no `:443`, as on ACR (and so in every realm and body). */
export function loginServerOf(host: string, port: number): string {
  return port === 443 ? host : `${host}:${port}`;
}

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const hostnames = (options.hostname ?? 'localhost')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h.length > 0);
  const verifier = options.entra;
  const maxPageSize = options.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE;
  if (!Number.isInteger(maxPageSize) || maxPageSize < 1) {
    throw new Error(`maxPageSize ${maxPageSize} is not a whole number of 1 or more`);
  }
  return {
    port: options.port ?? 0,
    listen: options.listen ?? '127.0.0.1',
    ...(options.advertise !== undefined ? { advertise: parseHostPort(options.advertise) } : {}),
    hostnames: hostnames.length > 0 ? hostnames : ['localhost'],
    admin: options.admin ?? { username: DEFAULT_ADMIN_USERNAME, password: randomAdminPassword() },
    scopedTokens: options.scopedTokens ?? [],
    verifyAccessToken: async (token) => {
      if (!verifier) return false;
      try {
        return (await verifier.verifyAccessToken(token)) === true;
      } catch {
        return false; // a verifier that throws rejects the token
      }
    },
    anonymousPull: options.anonymousPull ?? false,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    seed: options.seed ?? true,
    referrersPageSize: options.referrersPageSize ?? 100,
    pageSizeLimit: { max: maxPageSize, above: options.oversizedPage ?? 'refuse' },
  };
}
