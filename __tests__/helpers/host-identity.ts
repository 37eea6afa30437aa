// The identities a host offers without any input: an Azure VM's managed identity (IMDS, plain HTTP) and
// an AKS pod's workload identity (a projected service account token in a file, federated with an Entra
// app). Both end at the Entra stub, whose access tokens the emulator's /oauth2/exchange accepts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startImdsStub, type ImdsStub } from '../azdo/imds-stub.js';
import { createSigningKey, signJwt, startEntraStub, type EntraStub } from './entra-stub.js';

export const TENANT = '5b1c9d2e-3f4a-4b5c-8d6e-7f8091a2b3c4';
/** The VM's system-assigned identity. */
export const VM_IDENTITY = '1a2b3c4d-0000-4000-8000-000000000001';
/** The Entra app the pod's service account is federated with. */
export const WORKLOAD_APP = '1a2b3c4d-0000-4000-8000-000000000002';
const AKS_ISSUER = 'https://oidc.aks.test/5b1c9d2e/';
const SERVICE_ACCOUNT = 'system:serviceaccount:release:acr-lock';

export interface HostIdentity {
  readonly entra: EntraStub;
  readonly imds: ImdsStub;
  /** A file holding the pod's service account token, as AKS projects it (AZURE_FEDERATED_TOKEN_FILE). */
  readonly tokenFile: string;
  /** Whether the VM has an identity; IMDS answers "Identity not found" when false. */
  vmHasIdentity: boolean;
  close(): Promise<void>;
}

export async function startHostIdentity(): Promise<HostIdentity> {
  const aksKey = createSigningKey();
  const entra = await startEntraStub({
    apps: [
      {
        tenantId: TENANT,
        clientId: WORKLOAD_APP,
        federatedCredentials: [{ issuer: AKS_ISSUER, subject: SERVICE_ACCOUNT }],
      },
    ],
    issuers: [{ issuer: AKS_ISSUER, publicKey: aksKey.publicKey }],
  });
  const host: { vmHasIdentity: boolean } = { vmHasIdentity: true };
  const imds = await startImdsStub((request) =>
    host.vmHasIdentity && request.resource
      ? entra.issueAccessToken({
          tenantId: TENANT,
          clientId: request.clientId ?? VM_IDENTITY,
          audience: request.resource,
        })
      : undefined,
  );
  const dir = await mkdtemp(join(tmpdir(), 'acr-lock-host-identity-'));
  const tokenFile = join(dir, 'azure-identity-token');
  const now = Math.floor(Date.now() / 1000);
  await writeFile(
    tokenFile,
    signJwt(
      {
        iss: AKS_ISSUER,
        sub: SERVICE_ACCOUNT,
        aud: ['api://AzureADTokenExchange'],
        iat: now,
        nbf: now,
        exp: now + 3600,
      },
      aksKey,
    ),
  );
  return Object.assign(host, {
    entra,
    imds,
    tokenFile,
    close: async () => {
      await Promise.all([entra.close(), imds.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  });
}
