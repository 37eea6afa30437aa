import { afterAll, beforeAll } from '@jest/globals';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

/** The Entra access token the fixture's emulator accepts on `/oauth2/exchange` (unless `entra` is overridden). */
export const ENTRA_TEST_TOKEN = 'entra-test-access-token';

/** A TokenCredential that hands out ENTRA_TEST_TOKEN, as a real Entra credential would hand out a JWT. */
export function entraTestCredential(token: string = ENTRA_TEST_TOKEN): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 }),
  };
}

/**
 * Starts an emulator in `beforeAll` and closes it in `afterAll`. Returns a stand-in that forwards
 * to the running emulator, so tests use it directly (`emu.url`, `emu.store`); touching it outside
 * a test or hook throws. By default `/oauth2/exchange` accepts ENTRA_TEST_TOKEN.
 */
export function withEmulator(options: EmulatorOptions = {}): RunningEmulator {
  let running: RunningEmulator | undefined;
  beforeAll(async () => {
    running = await startEmulator({
      entra: { verifyAccessToken: (token) => token === ENTRA_TEST_TOKEN },
      ...options,
    });
  });
  afterAll(async () => {
    await running?.close();
    running = undefined;
  });
  return new Proxy({} as RunningEmulator, {
    get(_target, property) {
      if (!running) throw new Error('the emulator runs only between beforeAll and afterAll');
      const value: unknown = Reflect.get(running, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(running) : value;
    },
  });
}
