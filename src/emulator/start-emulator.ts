import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { principalForPassword } from './auth/principals.js';
import { TokenService } from './auth/token-service.js';
import { resolveOptions, type EmulatorOptions } from './emulator-options.js';
import { FaultInjector } from './faults/fault-injector.js';
import type { EmulatorServices } from './handlers/handler-types.js';
import type { RequestLogEntry } from './log/request-log.js';
import { seedSamples } from './seed/samples.js';
import { createRequestListener } from './server/request-listener.js';
import { MemoryRegistryStore } from './store/memory-registry-store.js';
import type { RegistryStore } from './store/registry-store.js';
import { generateCertificates } from './tls/generate-certificates.js';

export interface RunningEmulator {
  /** `https://<hostname>:<port>` */
  url: string;
  /** `<hostname>:<port>`: the `registry` in bodies, the `service` in challenges. */
  loginServer: string;
  /** The CA that signed the server certificate. */
  caCertPem: string;
  /**
   * The CA written to `<temp dir>/ca.crt` (for NODE_EXTRA_CA_CERTS and `ca-cert` inputs). Its
   * directory holds nothing else, so it doubles as skopeo's `--dest-cert-dir`/`--src-cert-dir`.
   */
  caCertPath: string;
  admin: { username: string; password: string };
  /** Registry state, read and written directly (tests read lock state back through it). */
  store: RegistryStore;
  /** Appended to as requests finish; `clearRequestLog()` empties this same array. */
  requestLog: RequestLogEntry[];
  clearRequestLog(): void;
  faults: FaultInjector;
  close(): Promise<void>;
}

/** ACR refresh tokens live about three hours. */
const REFRESH_TOKEN_TTL_SECONDS = 3 * 60 * 60;

/** Starts an HTTPS ACR data-plane emulator on 127.0.0.1 with a fresh CA. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const certificates = await generateCertificates(resolved.hostnames);
  const store = new MemoryRegistryStore();
  if (resolved.seed) seedSamples(store);
  const faults = new FaultInjector();
  const requestLog: RequestLogEntry[] = [];

  // The login server needs the port, known only once listening: the request listener is attached
  // after that, before the start-up promise resolves, so no client can be earlier.
  const server = createServer({ key: certificates.serverKeyPem, cert: certificates.serverCertPem });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const loginServer = `${resolved.hostnames[0] ?? 'localhost'}:${port}`;
  const services: EmulatorServices = {
    store,
    loginServer,
    tokens: new TokenService({
      secret: randomBytes(32),
      loginServer,
      accessTokenTtlSeconds: resolved.accessTokenTtlSeconds,
      refreshTokenTtlSeconds: REFRESH_TOKEN_TTL_SECONDS,
    }),
    anonymousPull: resolved.anonymousPull,
    principalForPassword: (username, password) =>
      principalForPassword(resolved.admin, resolved.scopedTokens, username, password),
    verifyEntraToken: resolved.verifyAccessToken,
  };
  server.on('request', createRequestListener({ services, faults, log: requestLog }));

  const certDir = await mkdtemp(join(tmpdir(), 'acr-emulator-'));
  const caCertPath = join(certDir, 'ca.crt');
  await writeFile(caCertPath, certificates.caCertPem);

  let closed: Promise<void> | undefined;
  return {
    url: `https://${loginServer}`,
    loginServer,
    caCertPem: certificates.caCertPem,
    caCertPath,
    admin: { ...resolved.admin },
    store,
    requestLog,
    clearRequestLog: () => {
      requestLog.length = 0;
    },
    faults,
    close: () => {
      closed ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await rm(certDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
