// The worst registry: one that echoes the request's credentials back in its error.
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { ADMIN, CLIENT_SECRET } from './scan-identities.js';

/** A bearer token as a registry would echo it from the Authorization header. */
export const ECHOED_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNjYW4';

/** Every PATCH answers 404 with the token, the admin password and the client secret in code, message and detail. */
export function echoingRegistry(emu: Pick<RunningEmulator, 'faults'>): void {
  const echoed = `Bearer ${ECHOED_TOKEN} ${ADMIN.password} ${CLIENT_SECRET}`;
  emu.faults.add({
    match: { method: 'PATCH' },
    fault: {
      kind: 'respond',
      status: 404,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ errors: [{ code: echoed, message: echoed, detail: echoed }] }),
    },
  });
}
