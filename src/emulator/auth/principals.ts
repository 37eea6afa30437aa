import { timingSafeEqual } from 'node:crypto';

/** Repository actions, as tokens name them. */
export const REPOSITORY_ACTIONS = ['pull', 'push', 'delete', 'metadata_read', 'metadata_write'] as const;
export type RepositoryAction = (typeof REPOSITORY_ACTIONS)[number];

export type ScopeMapAction =
  'content/read' | 'content/write' | 'content/delete' | 'metadata/read' | 'metadata/write';

/** ACR scope-map actions → token actions. */
const SCOPE_MAP_ACTIONS: Record<ScopeMapAction, RepositoryAction> = {
  'content/read': 'pull',
  'content/write': 'push',
  'content/delete': 'delete',
  'metadata/read': 'metadata_read',
  'metadata/write': 'metadata_write',
};

export interface ScopedTokenConfig {
  username: string;
  password: string;
  repositories: Record<string, ScopeMapAction[]>;
}

/** Who is asking, and what they may do: the actions allowed on one `type:name`. */
export interface Principal {
  readonly kind: 'admin' | 'entra' | 'token' | 'anonymous';
  readonly subject: string;
  allowedActions(type: string, name: string): readonly string[];
}

const ALL_REPOSITORY_ACTIONS: readonly string[] = REPOSITORY_ACTIONS;

function fullRights(kind: 'admin' | 'entra', subject: string): Principal {
  return {
    kind,
    subject,
    allowedActions: (type) =>
      type === 'repository' ? ALL_REPOSITORY_ACTIONS : type === 'registry' ? ['*'] : [],
  };
}

export const adminPrincipal = (username: string): Principal => fullRights('admin', username);

/** The principal behind an ACR refresh token from `/oauth2/exchange` (AcrPush + AcrDelete + metadata writer). */
export const entraPrincipal = (subject: string): Principal => fullRights('entra', subject);

/** Anonymous pull: content and metadata reads, and the catalog. */
export const anonymousPrincipal: Principal = {
  kind: 'anonymous',
  subject: '<anonymous>',
  allowedActions: (type) =>
    type === 'repository' ? ['pull', 'metadata_read'] : type === 'registry' ? ['*'] : [],
};

/** Scope-map keys may end in `/*` (a namespace wildcard), as ACR allows. */
function scopeMapMatches(key: string, repository: string): boolean {
  if (key === repository) return true;
  return key.endsWith('/*') && repository.startsWith(key.slice(0, -1));
}

export function scopedTokenPrincipal(config: ScopedTokenConfig): Principal {
  return {
    kind: 'token',
    subject: config.username,
    allowedActions(type, name) {
      if (type !== 'repository') return [];
      const actions = new Set<string>();
      for (const [key, mapped] of Object.entries(config.repositories)) {
        if (scopeMapMatches(key, name)) for (const a of mapped) actions.add(SCOPE_MAP_ACTIONS[a]);
      }
      return [...actions];
    },
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Username/password → admin or scoped-token principal (what Basic auth and the password grant accept). */
export function principalForPassword(
  admin: { username: string; password: string },
  scopedTokens: readonly ScopedTokenConfig[],
  username: string,
  password: string,
): Principal | undefined {
  if (username === admin.username && sameSecret(password, admin.password)) return adminPrincipal(username);
  const token = scopedTokens.find((t) => t.username === username && sameSecret(password, t.password));
  return token && scopedTokenPrincipal(token);
}
