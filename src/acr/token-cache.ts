export interface CachedToken {
  readonly token: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * Tokens by key, fetched once and shared by concurrent callers, fetched again only when they are
 * about to expire. A failed fetch is forgotten so the next caller tries again.
 */
export class TokenCache {
  private readonly pending = new Map<string, Promise<CachedToken>>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string, fetch: () => Promise<CachedToken>): Promise<CachedToken> {
    const current = this.pending.get(key);
    if (current) {
      const token = await current.catch(() => undefined);
      if (token && token.expiresAt - REFRESH_MARGIN_MS > this.now()) return token;
      // Someone else may already have started the replacement while we waited.
      if (this.pending.get(key) !== current && this.pending.has(key)) return this.get(key, fetch);
    }
    const fresh = fetch();
    this.pending.set(key, fresh);
    fresh.catch(() => {
      if (this.pending.get(key) === fresh) this.pending.delete(key);
    });
    return fresh;
  }

  delete(key: string): void {
    this.pending.delete(key);
  }
}
