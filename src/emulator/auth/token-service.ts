import { randomUUID } from 'node:crypto';
import { signJwt, verifyJwt } from './jwt.js';
import { entraPrincipal, type Principal } from './principals.js';
import type { AccessEntry } from './scope.js';

export interface TokenServiceOptions {
  secret: Buffer;
  loginServer: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

const ISSUER = 'Azure Container Registry';

const nowSeconds = (): number => Date.now() / 1000;

/** Whole seconds, rounded so a token lives at least its TTL (`exp` is checked against the exact time). */
function lifetime(ttlSeconds: number): { iat: number; exp: number } {
  const now = nowSeconds();
  return { iat: Math.floor(now), exp: Math.ceil(now + ttlSeconds) };
}

/**
 * Issues and checks the registry's own tokens: refresh tokens (from `/oauth2/exchange`) and access
 * tokens (from `/oauth2/token`). Both are JWTs with `exp`, as ACR's are.
 */
export class TokenService {
  constructor(private readonly options: TokenServiceOptions) {}

  issueRefreshToken(subject: string, tenant?: string): string {
    const { iat, exp } = lifetime(this.options.refreshTokenTtlSeconds);
    return signJwt(
      {
        jti: randomUUID(),
        sub: subject,
        nbf: iat,
        exp,
        iat,
        iss: ISSUER,
        aud: this.options.loginServer,
        version: '1.0',
        grant_type: 'refresh_token',
        ...(tenant ? { tenant } : {}),
        roles: [],
      },
      this.options.secret,
    );
  }

  /** The principal behind a refresh token we issued, if it is valid and unexpired. */
  principalFromRefreshToken(token: string): Principal | undefined {
    const payload = verifyJwt(token, this.options.secret, nowSeconds());
    if (payload?.grant_type !== 'refresh_token' || typeof payload.sub !== 'string') return undefined;
    return entraPrincipal(payload.sub);
  }

  /** An access token for what was asked AND what the principal may do (the intersection). */
  issueAccessToken(
    principal: Principal,
    requested: readonly AccessEntry[],
  ): { token: string; expiresIn: number } {
    const access = grantedAccess(principal, requested);
    const ttl = this.options.accessTokenTtlSeconds;
    const { iat, exp } = lifetime(ttl);
    const token = signJwt(
      {
        jti: randomUUID(),
        sub: principal.subject,
        nbf: iat,
        exp,
        iat,
        iss: ISSUER,
        aud: this.options.loginServer,
        version: '1.0',
        grant_type: principal.kind === 'entra' ? 'refresh_token' : 'password',
        access,
        roles: [],
      },
      this.options.secret,
    );
    return { token, expiresIn: ttl };
  }

  /** The granted access of a valid, unexpired access token; undefined otherwise. */
  accessOf(token: string): AccessEntry[] | undefined {
    return this.grantOf(token)?.access;
  }

  /** Who a valid, unexpired access token was issued to, and what it grants. */
  grantOf(token: string): { subject: string; access: AccessEntry[] } | undefined {
    const payload = verifyJwt(token, this.options.secret, nowSeconds());
    if (!payload || !Array.isArray(payload.access)) return undefined;
    return {
      subject: typeof payload.sub === 'string' ? payload.sub : '',
      access: payload.access as AccessEntry[],
    };
  }
}

export function grantedAccess(principal: Principal, requested: readonly AccessEntry[]): AccessEntry[] {
  return requested.map((entry) => {
    const allowed = principal.allowedActions(entry.type, entry.name);
    const all = allowed.includes('*');
    const actions = entry.actions.includes('*')
      ? [...allowed]
      : entry.actions.filter((a) => all || allowed.includes(a));
    return { type: entry.type, name: entry.name, actions };
  });
}
