import type { InputReader } from '../core/settings/input-names.js';
import { canRequestIdToken } from './id-token.js';

type Environment = Readonly<Record<string, string | undefined>>;

/** What to add to the workflow when no credentials work, in GitHub's terms. */
export function credentialsHint(read: InputReader, env: Environment): string {
  if ((read('client-id') || read('tenant-id')) && !canRequestIdToken(env)) {
    return (
      "The job cannot request the runner's OIDC token: add `permissions: id-token: write` to the job (or the " +
      'workflow) that runs this step. Pull requests from forks get no ID token at all.'
    );
  }
  return (
    'Give `username` and `password` (the registry admin user or a repository-scoped token); or `client-id` and ' +
    '`tenant-id` of an Entra application with a federated credential for this repository, with ' +
    '`permissions: id-token: write` on the job; or run `azure/login` before this step; or set AZURE_TENANT_ID, ' +
    "AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH) in the step's env; or run the " +
    'job on a self-hosted runner with a managed identity (an Azure VM) or workload identity (AKS).'
  );
}
