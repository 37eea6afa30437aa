/**
 * How to authenticate, as plain data parsed from inputs; credentials are built from it at the edge
 * (src/acr/auth/create-token-source.ts). `federated` needs a platform-provided assertion (GitHub or Azure DevOps OIDC).
 */
export type AuthRequest =
  | { readonly kind: 'password'; readonly username: string; readonly password: string }
  | { readonly kind: 'anonymous' }
  | {
      readonly kind: 'client-secret';
      readonly tenantId: string;
      readonly clientId: string;
      readonly clientSecret: string;
    }
  | ({
      readonly kind: 'client-certificate';
      readonly tenantId: string;
      readonly clientId: string;
      readonly certificatePassword?: string;
    } & (
      | { readonly certificatePath: string; readonly certificatePem?: undefined }
      /** The PEM itself (certificate and key), kept in memory: never written to disk. */
      | { readonly certificatePem: string; readonly certificatePath?: undefined }
    ))
  | { readonly kind: 'managed-identity'; readonly clientId?: string }
  | { readonly kind: 'azure-cli'; readonly tenantId?: string }
  | {
      /** AKS workload identity: the projected service account token in a file, exchanged with Entra. */
      readonly kind: 'workload-identity';
      readonly tenantId: string;
      readonly clientId: string;
      readonly tokenFilePath: string;
    }
  /** Nothing named: the host's managed identity when IMDS answers, else the Azure CLI's session. */
  | { readonly kind: 'ambient' }
  | {
      readonly kind: 'federated';
      readonly tenantId: string;
      readonly clientId: string;
      readonly audience: string;
    }
  | {
      /** An Azure DevOps service connection with workload identity federation. */
      readonly kind: 'azure-pipelines';
      readonly tenantId: string;
      readonly clientId: string;
      readonly serviceConnectionId: string;
      readonly systemAccessToken: string;
    };
