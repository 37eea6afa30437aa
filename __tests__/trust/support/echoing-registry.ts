// The worst registry: one that echoes the request's credentials back in its error.
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { ADMIN, CLIENT_SECRET } from './scan-identities.js';

/** A bearer token as a registry would echo it from the Authorization header. */
export const ECHOED_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNjYW4';

/**
 * Every matching request (default: every PATCH) answers 404 with the token, the admin password and the
 * client secret in code, message and detail.
 */
export function echoingRegistry(
  emu: Pick<RunningEmulator, 'faults'>,
  match: { method?: string; path?: RegExp } = { method: 'PATCH' },
): void {
  const echoed = `Bearer ${ECHOED_TOKEN} ${ADMIN.password} ${CLIENT_SECRET}`;
  emu.faults.add({
    match,
    fault: {
      kind: 'respond',
      status: 404,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ errors: [{ code: echoed, message: echoed, detail: echoed }] }),
    },
  });
}
