// The identities every secret scan signs in with, one definition for the action, the CLI and the task:
// the registry's admin user, an Entra application with a client secret (and federated credentials), one
// with a certificate, and the local Entra authority that knows them. The emulator takes only access
// tokens this authority issued, for any cloud's ACR audience.
import { generate } from 'selfsigned';
import { CLOUD_PROFILES } from '../../../src/core/model/cloud.js';
import {
  startEntraStub,
  type EntraStub,
  type FederatedCredential,
  type TrustedIssuer,
} from '../../helpers/entra-stub.js';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
/** Signs in with CLIENT_SECRET, or with a federated token. */
export const APP = '0b3f5a6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
/** Signs in with the certificate. */
export const CERT_APP = '4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f';
export const CLIENT_SECRET = 'Cl1ent~S3cret.Scan_4Rt';
export const ADMIN = { username: 'admin', password: 'Adm1n-pass-Scan9Q' } as const;
/** A password the registry refuses. */
export const REFUSED_PASSWORD = 'Wr0ng-pass-Scan7';
/** A client secret Entra refuses. */
export const REFUSED_CLIENT_SECRET = 'Wr0ng~Cl1ent.Secret_Scan';

export interface ScanCertificate {
  readonly cert: string;
  /** Certificate and private key, as a PEM file or a service connection holds them. */
  readonly pem: string;
  /** The private key's body lines: none may be printed. */
  readonly keyLines: readonly string[];
}

export async function scanCertificate(): Promise<ScanCertificate> {
  const generated = await generate([{ name: 'commonName', value: 'acr-lock-scan' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
  });
  return {
    cert: generated.cert,
    pem: `${generated.cert}\n${generated.private}`,
    keyLines: generated.private.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----')),
  };
}

/** The Entra authority: APP (secret, and the federated credentials given), CERT_APP (the certificate). */
export function startScanEntra(options: {
  readonly certificate: ScanCertificate;
  readonly federatedCredentials: readonly FederatedCredential[];
  readonly issuers: readonly TrustedIssuer[];
}): Promise<EntraStub> {
  return startEntraStub({
    apps: [
      {
        tenantId: TENANT,
        clientId: APP,
        clientSecret: CLIENT_SECRET,
        federatedCredentials: options.federatedCredentials,
      },
      { tenantId: TENANT, clientId: CERT_APP, certificates: [options.certificate.cert] },
    ],
    issuers: options.issuers,
  });
}

/** The emulator's `/oauth2/exchange` check: an access token the stub issued, for any cloud's ACR audience. */
export function issuedBy(entra: () => EntraStub): (token: string) => boolean {
  return (token) =>
    Object.values(CLOUD_PROFILES).some((cloud) => entra().verifyAccessToken(token, cloud.acrAudience));
}
