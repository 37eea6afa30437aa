import type { AuthRequest } from '../core/model/auth.js';
import { authFromEnvironment } from '../core/settings/auth-from-environment.js';
import type { CliPlatform } from './cli-platform.js';
import { dockerCredentials } from './docker-config.js';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * What the CLI finds by itself when no credential option is given, after the AZURE_* environment: the
 * Docker config's credentials for the run's login server (`registry`, or the first reference's). The
 * password is masked before use; a config that cannot be read is a warning, not the end of the run.
 */
export function cliAuth(
  env: Environment,
  platform: CliPlatform,
): (loginServer: string | undefined) => Promise<AuthRequest | undefined> {
  return async (loginServer) => {
    const fromEnvironment = authFromEnvironment(env);
    if (fromEnvironment !== undefined) return fromEnvironment;
    if (loginServer === undefined) return undefined;
    try {
      const found = await dockerCredentials(loginServer, env);
      if (found === undefined) return undefined;
      platform.setSecret(found.password);
      return { kind: 'password', username: found.username, password: found.password };
    } catch (error) {
      platform.warning(`${(error as Error).message}; going on without the Docker config.`);
      return undefined;
    }
  };
}
