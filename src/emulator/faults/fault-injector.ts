/**
 * Fault injection for tests: rules matched against each request before routing. `status` answers
 * with an ACR error (429 with `Retry-After`, 5xx...), `delay` holds the request, `drop` destroys
 * the connection, `move-tag` re-points a tag in the store (a push landing mid-run) and then lets the
 * request continue.
 */
export type Fault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  | { kind: 'delay'; ms: number }
  | { kind: 'drop' }
  | { kind: 'move-tag'; repository: string; tag: string; toDigest: string }
  | {
      /**
       * A raw answer of the test's choosing (a redirect, an HTTP-date `Retry-After`, a hostile error
       * body, a malformed digest); with `dropAfterBytes` the connection is cut after that much body,
       * with `stallAfterBytes` it is held open, silent, after that much body (until the emulator closes).
       */
      kind: 'respond';
      status: number;
      headers?: Record<string, string>;
      body?: string;
      dropAfterBytes?: number;
      stallAfterBytes?: number;
    };

export interface FaultRule {
  /** Both optional; `path` is tested against the decoded path without the query (`/acr/v1/samples/hello/_tags/1.0`). */
  match: { method?: string; path?: RegExp };
  /** How many matching requests it applies to; default: every one until removed or cleared. */
  times?: number;
  /** The chance (0..1) that it applies to a matching request, drawn from the injector's generator; default 1. */
  probability?: number;
  fault: Fault;
}

export interface InjectedFault {
  readonly rule: FaultRule;
  /** Requests it has applied to so far. */
  readonly hits: number;
  remove(): void;
}

interface ActiveFault {
  rule: FaultRule;
  hits: number;
  remaining: number;
}

/** mulberry32: a small seeded generator, so a `--fault` run with a seed repeats exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private active: ActiveFault[] = [];
  private readonly random: () => number;

  constructor(options: { random?: () => number } = {}) {
    this.random = options.random ?? Math.random;
  }

  add(rule: FaultRule): InjectedFault {
    const entry: ActiveFault = { rule, hits: 0, remaining: rule.times ?? Number.POSITIVE_INFINITY };
    this.active.push(entry);
    return {
      rule,
      get hits() {
        return entry.hits;
      },
      remove: () => {
        this.active = this.active.filter((a) => a !== entry);
      },
    };
  }

  clear(): void {
    this.active = [];
  }

  /**
   * The faults to apply to one request, in the order they were added, each use counted. Stops
   * after the first fault that ends the request (`status`, `drop` or `respond`).
   */
  take(method: string, path: string): Fault[] {
    const out: Fault[] = [];
    for (const entry of this.active) {
      const { match } = entry.rule;
      if (entry.remaining <= 0) continue;
      if (match.method && match.method.toUpperCase() !== method) continue;
      if (match.path) {
        match.path.lastIndex = 0;
        if (!match.path.test(path)) continue;
      }
      if (entry.rule.probability !== undefined && this.random() >= entry.rule.probability) continue;
      entry.remaining -= 1;
      entry.hits += 1;
      out.push(entry.rule.fault);
      const kind = entry.rule.fault.kind;
      if (kind === 'status' || kind === 'drop' || kind === 'respond') break;
    }
    this.active = this.active.filter((a) => a.remaining > 0);
    return out;
  }
}
