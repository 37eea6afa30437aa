import { InputError, mention, rule } from './errors.js';
import type { AuthRequest } from './model/auth.js';
import type { Settings } from './settings/settings.js';

/**
 * Which login servers may receive the run's credentials, checked before any request. Registry
 * credentials (a password or token, from inputs, a Docker service connection or a Docker config) are
 * bound to one login server: `registry`, or else the first reference's. Entra tokens are exchanged only
 * with login servers under the cloud's registry suffix, or the one given as `registry`.
 */
export function checkCredentialHosts(
  settings: Pick<Settings, 'targets' | 'registry' | 'cloud'>,
  auth: AuthRequest,
): void {
  if (auth.kind === 'anonymous') return;
  if (auth.kind === 'password') {
    const bound = settings.registry ?? settings.targets[0]?.loginServer;
    const other = settings.targets.find((t) => t.loginServer !== bound);
    if (other) {
      const boundBy = settings.registry ? mention('registry') : 'the first reference';
      throw new InputError(
        'image',
        rule`'${other.ref}' names the login server ${other.loginServer}, but the username and password are bound to ${bound ?? ''} (${boundBy}); registry credentials go to no other login server: run once per registry`,
      );
    }
    return;
  }
  const suffix = settings.cloud.registrySuffix;
  const other = settings.targets.find((t) => {
    const host = t.loginServer.replace(/:\d+$/, '');
    return t.loginServer !== settings.registry && !(host.endsWith(suffix) && host.length > suffix.length);
  });
  if (other) {
    throw new InputError(
      'image',
      rule`'${other.ref}' names the login server ${other.loginServer}, which is not under ${suffix} (${mention('cloud', settings.cloud.name)}) and not the login server of ${mention('registry')}; Entra tokens are exchanged only with those`,
    );
  }
}
