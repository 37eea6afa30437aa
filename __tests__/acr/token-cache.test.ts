import { describe, expect, test } from '@jest/globals';
import { TokenCache, type CachedToken } from '../../src/acr/token-cache.js';
import { jwtExpiry } from '../../src/acr/acr-token-provider.js';

describe('TokenCache', () => {
  const HOUR = 60 * 60 * 1000;

  test('concurrent callers share one fetch; a token near expiry is fetched again', async () => {
    let now = 0;
    let fetches = 0;
    const cache = new TokenCache(() => now);
    const fetch = async (): Promise<CachedToken> => ({ token: `t${++fetches}`, expiresAt: now + HOUR });
    const first = await Promise.all([
      cache.get('app', fetch),
      cache.get('app', fetch),
      cache.get('app', fetch),
    ]);
    expect(first.map((t) => t.token)).toEqual(['t1', 't1', 't1']);
    now = HOUR - 60 * 1000; // inside the 5-minute refresh margin
    const again = await Promise.all([cache.get('app', fetch), cache.get('app', fetch)]);
    expect(again.map((t) => t.token)).toEqual(['t2', 't2']);
    expect((await cache.get('other', fetch)).token).toBe('t3');
  });

  test('a failed fetch is forgotten, and delete forces a new fetch', async () => {
    const cache = new TokenCache(() => 0);
    await expect(cache.get('app', () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect((await cache.get('app', async () => ({ token: 'ok', expiresAt: HOUR }))).token).toBe('ok');
    cache.delete('app');
    expect((await cache.get('app', async () => ({ token: 'new', expiresAt: HOUR }))).token).toBe('new');
  });
});

describe('jwtExpiry', () => {
  const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
  test.each([
    [jwt({ exp: 1700000000 }), 1700000000000],
    [jwt({ sub: 'x' }), undefined],
    ['not-a-jwt', undefined],
    ['a.%%%.c', undefined],
  ])('%s → %s', (token, expected) => {
    expect(jwtExpiry(token)).toBe(expected);
  });
});
