import type { TokenCredential } from '@azure/core-auth';

/** Where ACR access tokens come from: an Entra credential (exchanged), the password grant, or anonymous. */
export type TokenSource =
  | {
      readonly kind: 'entra';
      readonly credential: TokenCredential;
      readonly scope: string;
      readonly tenantId?: string;
    }
  | { readonly kind: 'password'; readonly username: string; readonly password: string }
  | { readonly kind: 'anonymous' };

/** What a run will do to a repository; decides the one combined scope asked for per repository. */
export type RegistryAccess = 'read' | 'write';

/** The token key of the registry's catalog (no repository name has a colon, so none collides with it). */
export const CATALOG_KEY = 'registry:catalog:*';

/** The one scope a run asks for per repository; the referrers API is a /v2 route and needs `pull`. */
export function repositoryScope(repository: string, access: RegistryAccess, referrers = false): string {
  if (repository === CATALOG_KEY) return CATALOG_KEY;
  const actions = access === 'write' ? ['metadata_read', 'metadata_write'] : ['metadata_read'];
  if (referrers) actions.push('pull');
  return `repository:${repository}:${actions.join(',')}`;
}
