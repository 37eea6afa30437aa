import { isIP } from 'node:net';
import { generate } from 'selfsigned';

export interface EmulatorCertificates {
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A fresh CA and a server certificate it signs, for every start (nothing cached on disk). EC P-256
 * through WebCrypto keeps this to tens of milliseconds, where RSA in pure JS takes seconds. The
 * server certificate names each hostname plus localhost, 127.0.0.1 and ::1, because Go (skopeo)
 * only looks at subjectAltName.
 */
export async function generateCertificates(hostnames: readonly string[]): Promise<EmulatorCertificates> {
  const notBeforeDate = new Date(Date.now() - DAY_MS);
  const notAfterDate = new Date(Date.now() + 30 * DAY_MS);
  const ca = await generate([{ name: 'commonName', value: 'acr-lock emulator CA' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const names = [...new Set([...hostnames, 'localhost', '127.0.0.1', '::1'])];
  const altNames = names.map((name) =>
    isIP(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name },
  );
  const server = await generate([{ name: 'commonName', value: hostnames[0] ?? 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { caCertPem: ca.cert, serverCertPem: server.cert, serverKeyPem: server.private };
}
