import { InvalidArgumentError } from 'commander';
import type { ScopedTokenConfig, ScopeMapAction } from '../auth/principals.js';
import type { FaultRule } from '../faults/fault-injector.js';
import { ACR_TIER_LIMITS, type RateLimits } from '../server/rate-limiter.js';

/**
 * Parsers for `acr-lock emulator` flag values. Each throws commander's InvalidArgumentError with the
 * rule that was broken, so a bad flag is one clear line before anything starts.
 */
const SCOPE_MAP_ACTIONS: readonly ScopeMapAction[] = [
  'content/read',
  'content/write',
  'content/delete',
  'metadata/read',
  'metadata/write',
];

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new InvalidArgumentError("Input 'port': expected a port number (0-65535).");
  return port;
}

export function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return n;
}

/**
 * `NAME:PASSWORD:REPO=ACTION[,ACTION…][,REPO=ACTION…]`: an ACR repository-scoped token. ACTIONs are
 * scope-map actions (content/read, content/write, content/delete, metadata/read, metadata/write);
 * an item without `=` adds an action to the repository before it. REPO may end in `/*`. The
 * password may hold `:` and `,`, not `=`.
 */
export function parseScopedToken(value: string): ScopedTokenConfig {
  const rule = `expected NAME:PASSWORD:REPO=ACTION[,…] with ACTION one of ${SCOPE_MAP_ACTIONS.join(', ')}.`;
  const firstColon = value.indexOf(':');
  const equals = value.indexOf('=');
  const lastColon = equals < 0 ? -1 : value.lastIndexOf(':', equals);
  if (firstColon < 1 || lastColon <= firstColon) throw new InvalidArgumentError(rule);
  const username = value.slice(0, firstColon);
  const password = value.slice(firstColon + 1, lastColon);
  if (password === '') throw new InvalidArgumentError(`the password is empty; ${rule}`);
  // A Map, so a repository named like an Object property ("constructor") is just a name.
  const repositories = new Map<string, ScopeMapAction[]>();
  let current: ScopeMapAction[] | undefined;
  for (const item of value.slice(lastColon + 1).split(',')) {
    const [repository, action] = item.includes('=') ? item.split('=', 2) : [undefined, item];
    if (repository !== undefined) {
      if (repository === '') throw new InvalidArgumentError(`a repository is empty; ${rule}`);
      current = repositories.get(repository) ?? [];
      repositories.set(repository, current);
    }
    if (!current || !SCOPE_MAP_ACTIONS.includes(action as ScopeMapAction)) {
      throw new InvalidArgumentError(`'${action ?? ''}' is not an action; ${rule}`);
    }
    current.push(action as ScopeMapAction);
  }
  return { username, password, repositories: Object.fromEntries(repositories) };
}

/**
 * `basic`, `standard`, `premium` (ACR's published per-minute read/write limits of that tier) or a
 * number N (N reads and N writes per minute).
 */
export function parseRateLimit(value: string): RateLimits {
  const tier = value.toLowerCase();
  if (tier === 'basic' || tier === 'standard' || tier === 'premium') return { ...ACR_TIER_LIMITS[tier] };
  if (/^\d+$/.test(value) && Number(value) >= 1) {
    return { readsPerMinute: Number(value), writesPerMinute: Number(value) };
  }
  throw new InvalidArgumentError(
    'expected basic, standard, premium or a number of requests per minute (1 or more).',
  );
}

/**
 * `--fault` specs: comma-separated `KEY=VALUE` items. One kind: `status=CODE` (with optional
 * `retry-after=SECONDS`), `delay=MS` or `drop`. How often: `times=N` and/or `p=PROBABILITY` (0-1,
 * drawn from the `--fault-seed` generator); default every matching request. Which requests:
 * `method=VERB` and `route=REGEX` (matched against the decoded path), `route=` last because it
 * takes the rest of the spec, commas included.
 */
export function parseFault(value: string): FaultRule {
  const rule =
    'expected status=CODE[,retry-after=S] | delay=MS | drop, then optional times=N, p=0-1, method=VERB, route=REGEX (last).';
  const routeAt = value.search(/(^|,)route=/);
  const head = routeAt < 0 ? value : value.slice(0, routeAt);
  const route = routeAt < 0 ? undefined : value.slice(value.indexOf('route=', routeAt) + 'route='.length);
  const items = new Map<string, string>();
  for (const item of head.split(',').filter((i) => i !== '')) {
    const [key = '', raw] = item.split('=', 2);
    if (items.has(key)) throw new InvalidArgumentError(`'${key}' is given twice; ${rule}`);
    items.set(key, raw ?? '');
  }
  const allowed = new Set(['status', 'retry-after', 'delay', 'drop', 'times', 'p', 'method']);
  for (const key of items.keys())
    if (!allowed.has(key)) throw new InvalidArgumentError(`unknown key '${key}'; ${rule}`);
  const kinds = ['status', 'delay', 'drop'].filter((k) => items.has(k));
  if (kinds.length !== 1) throw new InvalidArgumentError(`give exactly one of status, delay, drop; ${rule}`);
  const whole = (key: string, min: number): number | undefined => {
    const raw = items.get(key);
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw) || Number(raw) < min)
      throw new InvalidArgumentError(`${key} must be a whole number of ${min} or more; ${rule}`);
    return Number(raw);
  };
  const status = whole('status', 100);
  if (status !== undefined && status > 599)
    throw new InvalidArgumentError(`status must be an HTTP status (100-599); ${rule}`);
  const retryAfter = whole('retry-after', 0);
  if (retryAfter !== undefined && status === undefined)
    throw new InvalidArgumentError(`retry-after goes with status; ${rule}`);
  const delay = whole('delay', 0);
  const fault: FaultRule['fault'] =
    status !== undefined
      ? { kind: 'status', status, ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}) }
      : delay !== undefined
        ? { kind: 'delay', ms: delay }
        : { kind: 'drop' };
  const times = whole('times', 1);
  const p = items.get('p');
  const probability = p === undefined ? undefined : Number(p);
  if (probability !== undefined && (p === '' || !(probability >= 0 && probability <= 1))) {
    throw new InvalidArgumentError(`p must be a probability from 0 to 1; ${rule}`);
  }
  let path: RegExp | undefined;
  if (route !== undefined) {
    try {
      path = new RegExp(route);
    } catch (error) {
      throw new InvalidArgumentError(
        `route is not a regular expression (${(error as Error).message}); ${rule}`,
      );
    }
  }
  const method = items.get('method');
  return {
    match: { ...(method ? { method: method.toUpperCase() } : {}), ...(path ? { path } : {}) },
    ...(times !== undefined ? { times } : {}),
    ...(probability !== undefined ? { probability } : {}),
    fault,
  };
}
