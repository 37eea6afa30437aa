import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import { isIP, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { principalForPassword } from './auth/principals.js';
import { TokenService } from './auth/token-service.js';
import { loginServerOf, resolveOptions, type EmulatorOptions } from './emulator-options.js';
import { FaultInjector, seededRandom } from './faults/fault-injector.js';
import type { EmulatorServices } from './handlers/handler-types.js';
import type { RequestLogEntry } from './log/request-log.js';
import { seedSamples } from './seed/samples.js';
import { RateLimiter } from './server/rate-limiter.js';
import { createRequestListener } from './server/request-listener.js';
import { loadStore, saveStore } from './store/data-dir.js';
import { MemoryRegistryStore } from './store/memory-registry-store.js';
import type { RegistryStore } from './store/registry-store.js';
import { generateCertificates } from './tls/generate-certificates.js';
import { certificatesIn } from './tls/stored-certificates.js';

export interface RunningEmulator {
  /** `https://<loginServer>` */
  url: string;
  /**
   * `<hostname>:<port>` (no `:443`), or what `advertise` says: the `registry` in bodies, the
   * `service` and realm in challenges.
   */
  loginServer: string;
  /** The port the server listens on (differs from the login server's behind a forwarder). */
  port: number;
  /** Where the server listens, reachable from this machine: `https://<listen address>:<port>`. */
  localUrl: string;
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

/**
 * A save writes the whole registry (about 0.3 s at 10,000 tags, blocking): the writes of a burst
 * share one save this long after the first of them; `close()` saves what is left.
 */
const SAVE_DELAY_MS = 200;

const isWildcard = (address: string): boolean => address === '0.0.0.0' || address === '::';

/** How this machine reaches an address the server listens on (a wildcard: through loopback). */
function localHost(listen: string): string {
  if (isWildcard(listen) || listen === '127.0.0.1') return 'localhost';
  return isIP(listen) === 6 ? `[${listen}]` : listen;
}

/**
 * Starts an HTTPS ACR data-plane emulator (default on 127.0.0.1, any free port) with a fresh CA,
 * or with the registry and CA kept in `dataDir`.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const advertisedHost = resolved.advertise?.host.replace(/^\[|\]$/g, '');
  const names = [
    ...new Set([
      ...resolved.hostnames,
      ...(advertisedHost ? [advertisedHost] : []),
      ...(isIP(resolved.listen) && !isWildcard(resolved.listen) ? [resolved.listen] : []),
    ]),
  ];
  const dataDir = options.dataDir;
  const certificates = dataDir ? await certificatesIn(dataDir, names) : await generateCertificates(names);
  const restored = dataDir ? loadStore(dataDir) : undefined;
  const store = restored ?? new MemoryRegistryStore();
  if (!restored && resolved.seed) seedSamples(store);
  const persist = dataDir ? (): void => saveStore(dataDir, store) : (): void => undefined;
  persist();
  let saveTimer: NodeJS.Timeout | undefined;
  const persistSoon = (): void => {
    if (!dataDir) return;
    saveTimer ??= setTimeout(() => {
      saveTimer = undefined;
      persist();
    }, SAVE_DELAY_MS);
  };
  const faults = new FaultInjector(
    options.faultSeed === undefined ? {} : { random: seededRandom(options.faultSeed) },
  );
  const requestLog: RequestLogEntry[] = [];

  // The login server needs the port, known only once listening: the request listener is attached
  // after that, before the start-up promise resolves, so no client can be earlier.
  const server = createServer({ key: certificates.serverKeyPem, cert: certificates.serverCertPem });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.listen, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const loginServer = resolved.advertise
    ? loginServerOf(resolved.advertise.host, resolved.advertise.port ?? 443)
    : loginServerOf(resolved.hostnames[0] ?? 'localhost', port);
  const services: EmulatorServices = {
    store,
    loginServer,
    referrersPageSize: resolved.referrersPageSize,
    pageSizeLimit: resolved.pageSizeLimit,
    ...(options.testMutation ? { testMutation: options.testMutation } : {}),
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
  const onRequest = options.onRequest;
  server.on(
    'request',
    createRequestListener({
      services,
      faults,
      log: requestLog,
      // A write that succeeded may have changed the registry: keep the data dir in step.
      onRequest: (entry) => {
        if (entry.kind === 'write' && entry.status > 0 && entry.status < 400) persistSoon();
        onRequest?.(entry);
      },
      ...(options.rateLimits
        ? { rateLimiter: new RateLimiter(options.rateLimits, options.rateLimitClock) }
        : {}),
    }),
  );

  // The CA goes alone in a directory: it doubles as skopeo's --cert-dir.
  const certDir = dataDir ? join(dataDir, 'certs') : await mkdtemp(join(tmpdir(), 'acr-emulator-'));
  await mkdir(certDir, { recursive: true });
  const caCertPath = join(certDir, 'ca.crt');
  await writeFile(caCertPath, certificates.caCertPem);

  let closed: Promise<void> | undefined;
  return {
    url: `https://${loginServer}`,
    loginServer,
    port,
    localUrl: `https://${localHost(resolved.listen)}:${port}`,
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
        clearTimeout(saveTimer);
        persist();
        if (!dataDir) await rm(certDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
