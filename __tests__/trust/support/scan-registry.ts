import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import { rm } from 'node:fs/promises';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { withEmulator } from '../../helpers/emulator-fixture.js';
import type { EntraStub } from '../../helpers/entra-stub.js';
import { resetAll } from '../../github/registry-state.js';
import { writeCaBundle } from '../../github/run-action.js';
import { ADMIN, issuedBy } from './scan-identities.js';

/** A local stub a scan trusts and closes with the registry (an OIDC issuer). */
interface ScanStub {
  readonly caCertPem: string;
  close(): Promise<void>;
}

/** What the scan started before the registry (its own beforeAll): read once they exist. */
export interface ScanStubs {
  readonly entra: EntraStub;
  readonly others: readonly (ScanStub | undefined)[];
  /** The scan's temporary directory: the CA bundle goes there; removed at the end. */
  readonly dir: string;
}

/**
 * The registry every secret scan runs against: the emulator with the admin password and tokens the
 * scan's Entra issues, a CA bundle trusting it and the stubs, and a clean registry before each test.
 * Closes the stubs and removes the directory at the end.
 */
export function withScanRegistry(stubs: () => ScanStubs): {
  readonly emu: RunningEmulator;
  readonly caBundle: () => string;
} {
  const emu = withEmulator({ admin: ADMIN, entra: { verifyAccessToken: issuedBy(() => stubs().entra) } });
  let bundle = '';
  beforeAll(async () => {
    const { entra, others, dir } = stubs();
    const pems = others.flatMap((stub) => (stub ? [stub.caCertPem] : []));
    bundle = await writeCaBundle(dir, [emu.caCertPem, entra.caCertPem, ...pems]);
  });
  afterAll(async () => {
    const { entra, others, dir } = stubs();
    await Promise.all([entra?.close(), ...others.map((stub) => stub?.close())]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    resetAll(emu.store);
    emu.faults.clear();
    emu.clearRequestLog();
  });
  return { emu, caBundle: () => bundle };
}
