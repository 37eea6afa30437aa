import type { TokenCredential } from '@azure/core-auth';
import type { ManagedIdentityCredentialClientIdOptions } from '@azure/identity';
import type { AuthRequest } from '../../core/model/auth.js';
import type { CloudProfile } from '../../core/model/cloud.js';
import { AuthError } from '../../core/errors.js';
import { requestTimeoutPolicy } from '../http/request-timeout-policy.js';
import type { TokenSource } from '../token-source.js';

/** @azure/identity's own option for the IMDS probe, which its public options type leaves out. */
type ManagedIdentityProbeOptions = ManagedIdentityCredentialClientIdOptions & { sendProbeRequest: boolean };

export interface TokenSourceOptions {
  readonly cloud: CloudProfile;
  /** The platform's OIDC token for `federated` (GitHub: core.getIDToken(audience)). */
  readonly federatedAssertion?: (audience: string) => Promise<string>;
  /** Overrides the cloud's Entra authority (AZURE_AUTHORITY_HOST; a local authority in tests). */
  readonly authorityHost?: string;
  /** Skip Entra instance discovery (private clouds and local authorities). */
  readonly disableInstanceDiscovery?: boolean;
  /** Bounds each request to Entra (and IMDS) as `request-timeout` bounds each registry request. */
  readonly requestTimeoutMs?: number;
}

/**
 * Turns an authentication request into the source of ACR tokens. Builds credentials; sends nothing yet.
 * @azure/identity is loaded only when an Entra credential is needed: it is most of a shell's start-up.
 */
export async function createTokenSource(
  auth: AuthRequest,
  options: TokenSourceOptions,
): Promise<TokenSource> {
  if (auth.kind === 'password') return { kind: 'password', username: auth.username, password: auth.password };
  if (auth.kind === 'anonymous') return { kind: 'anonymous' };
  const tenantId = 'tenantId' in auth ? auth.tenantId : undefined;
  return {
    kind: 'entra',
    credential: await entraCredential(auth, options),
    scope: `${options.cloud.acrAudience}/.default`,
    tenantId,
  };
}

async function entraCredential(
  auth: Exclude<AuthRequest, { kind: 'password' } | { kind: 'anonymous' }>,
  options: TokenSourceOptions,
): Promise<TokenCredential> {
  const {
    AzureCliCredential,
    AzurePipelinesCredential,
    ChainedTokenCredential,
    ClientAssertionCredential,
    ClientCertificateCredential,
    ClientSecretCredential,
    ManagedIdentityCredential,
    WorkloadIdentityCredential,
  } = await import('@azure/identity');
  const common = {
    authorityHost: options.authorityHost ?? options.cloud.authorityHost,
    disableInstanceDiscovery: options.disableInstanceDiscovery,
    ...(options.requestTimeoutMs !== undefined
      ? {
          additionalPolicies: [
            { policy: requestTimeoutPolicy(options.requestTimeoutMs), position: 'perRetry' as const },
          ],
        }
      : {}),
  };
  switch (auth.kind) {
    case 'client-secret':
      return new ClientSecretCredential(auth.tenantId, auth.clientId, auth.clientSecret, common);
    case 'client-certificate':
      return auth.certificatePem !== undefined
        ? new ClientCertificateCredential(
            auth.tenantId,
            auth.clientId,
            { certificate: auth.certificatePem, certificatePassword: auth.certificatePassword },
            common,
          )
        : new ClientCertificateCredential(
            auth.tenantId,
            auth.clientId,
            { certificatePath: auth.certificatePath, certificatePassword: auth.certificatePassword },
            common,
          );
    case 'managed-identity':
      return auth.clientId
        ? new ManagedIdentityCredential({ clientId: auth.clientId })
        : new ManagedIdentityCredential();
    case 'azure-cli':
      return new AzureCliCredential({ tenantId: auth.tenantId });
    case 'workload-identity':
      return new WorkloadIdentityCredential({
        tenantId: auth.tenantId,
        clientId: auth.clientId,
        tokenFilePath: auth.tokenFilePath,
        ...common,
      });
    case 'ambient': {
      const probe: ManagedIdentityProbeOptions = { sendProbeRequest: true };
      // As DefaultAzureCredential does: a 1 s probe without retries tells an Azure VM from any other host,
      // so a host without IMDS falls through to the Azure CLI at once.
      return new ChainedTokenCredential(new ManagedIdentityCredential(probe), new AzureCliCredential());
    }
    case 'azure-pipelines':
      return new AzurePipelinesCredential(
        auth.tenantId,
        auth.clientId,
        auth.serviceConnectionId,
        auth.systemAccessToken,
        common,
      );
    case 'federated': {
      const assertion = options.federatedAssertion;
      if (!assertion) {
        throw new AuthError(
          'client-id and tenant-id ask for OIDC federation, but this platform offers no ID token.',
        );
      }
      return new ClientAssertionCredential(
        auth.tenantId,
        auth.clientId,
        () => assertion(auth.audience),
        common,
      );
    }
  }
}
