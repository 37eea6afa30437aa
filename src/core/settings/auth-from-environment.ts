import type { AuthRequest } from '../model/auth.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Credentials named by the standard AZURE_* variables, as @azure/identity's EnvironmentCredential reads
 * them: tenant + client + secret → client-secret; tenant + client + certificate path (+ password) →
 * client-certificate (a secret wins when both are set); tenant + client + AZURE_FEDERATED_TOKEN_FILE → AKS
 * workload identity. AZURE_USERNAME / AZURE_PASSWORD (user password
 * flow) are not supported and ignored. AZURE_CLIENT_ID alone (no secret, no certificate) with IDENTITY_ENDPOINT
 * or MSI_ENDPOINT → user-assigned managed identity. Otherwise undefined. Blank values count as unset.
 */
export function authFromEnvironment(env: Environment): AuthRequest | undefined {
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const tenantId = get('AZURE_TENANT_ID');
  const clientId = get('AZURE_CLIENT_ID');
  const clientSecret = get('AZURE_CLIENT_SECRET');
  const certificatePath = get('AZURE_CLIENT_CERTIFICATE_PATH');
  const certificatePassword = get('AZURE_CLIENT_CERTIFICATE_PASSWORD');
  const tokenFilePath = get('AZURE_FEDERATED_TOKEN_FILE');

  if (tenantId !== undefined && clientId !== undefined) {
    if (clientSecret !== undefined) return { kind: 'client-secret', tenantId, clientId, clientSecret };
    if (certificatePath !== undefined) {
      return {
        kind: 'client-certificate',
        tenantId,
        clientId,
        certificatePath,
        ...(certificatePassword !== undefined ? { certificatePassword } : {}),
      };
    }
    if (tokenFilePath !== undefined) return { kind: 'workload-identity', tenantId, clientId, tokenFilePath };
  }
  const hasSecretOrCertificate = clientSecret !== undefined || certificatePath !== undefined;
  const onManagedIdentityHost = get('IDENTITY_ENDPOINT') !== undefined || get('MSI_ENDPOINT') !== undefined;
  if (clientId !== undefined && !hasSecretOrCertificate && onManagedIdentityHost) {
    return { kind: 'managed-identity', clientId };
  }
  return undefined;
}
