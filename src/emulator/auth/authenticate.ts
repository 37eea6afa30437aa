import { header, type RequestContext } from '../http/request-context.js';
import type { RequiredAccess } from '../router/required-access.js';
import { challengeError } from './challenge.js';
import type { Principal } from './principals.js';
import { grants } from './scope.js';
import type { TokenService } from './token-service.js';

/** What the caller may do, whichever way it authenticated. */
export interface Caller {
  /** Who it is (the request log's `principal`); absent for routes that need no credential. */
  readonly principal?: string;
  can(type: string, name: string, action: string): boolean;
}

export interface AuthDependencies {
  loginServer: string;
  tokens: TokenService;
  /** Admin user or a scoped token, for HTTP Basic on registry routes. */
  principalForPassword(username: string, password: string): Principal | undefined;
}

export const NOBODY: Caller = { can: () => false };

export interface BasicCredentials {
  username: string;
  password: string;
}

export function basicCredentials(ctx: RequestContext): BasicCredentials | undefined {
  const value = header(ctx, 'authorization');
  if (!value?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(value.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function bearerToken(ctx: RequestContext): string | undefined {
  const value = header(ctx, 'authorization');
  return value?.toLowerCase().startsWith('bearer ') ? value.slice(7).trim() : undefined;
}

/**
 * The authentication layer: a Bearer access token (checked per repository and action) or HTTP
 * Basic with admin/scoped-token credentials, as ACR accepts both. Throws the 401 challenge.
 */
export function authenticate(ctx: RequestContext, required: RequiredAccess, deps: AuthDependencies): Caller {
  if (required.kind === 'none') return NOBODY;
  const caller = resolveCaller(ctx, deps);
  if (!caller) throw challengeError(deps.loginServer, required, false);
  if (required.kind === 'any-credential') return caller;
  const missing = required.actions.some((action) => !caller.can(required.type, required.name, action));
  if (missing) throw challengeError(deps.loginServer, required, true);
  return caller;
}

function resolveCaller(ctx: RequestContext, deps: AuthDependencies): Caller | undefined {
  const token = bearerToken(ctx);
  if (token !== undefined) {
    const grant = deps.tokens.grantOf(token);
    return (
      grant && {
        principal: grant.subject,
        can: (type, name, action) => grants(grant.access, type, name, action),
      }
    );
  }
  const basic = basicCredentials(ctx);
  if (basic) {
    const principal = deps.principalForPassword(basic.username, basic.password);
    return (
      principal && {
        principal: principal.subject,
        can: (type, name, action) => {
          const allowed = principal.allowedActions(type, name);
          return allowed.includes(action) || allowed.includes('*');
        },
      }
    );
  }
  return undefined;
}
