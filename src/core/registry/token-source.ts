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

export function repositoryScope(repository: string, access: RegistryAccess): string {
  const actions = access === 'write' ? 'metadata_read,metadata_write' : 'metadata_read';
  return `repository:${repository}:${actions}`;
}
