import type { RegistryClient } from '../core/registry/registry-client.js';
import { SdkRegistryClient, type SdkRegistryClientOptions } from './sdk-registry-client.js';

/** What every registry's client shares: all of a client's options but its login server. */
export type ClientsByLoginServerOptions = Omit<SdkRegistryClientOptions, 'loginServer'>;

/** One client per login server (references may name several registries), made on first use. */
export function clientsByLoginServer(
  options: ClientsByLoginServerOptions,
): (loginServer: string) => RegistryClient {
  const clients = new Map<string, RegistryClient>();
  return (loginServer) => {
    let client = clients.get(loginServer);
    if (!client) {
      client = new SdkRegistryClient({ loginServer, ...options });
      clients.set(loginServer, client);
    }
    return client;
  };
}
