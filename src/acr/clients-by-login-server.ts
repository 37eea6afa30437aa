import type { RegistryClient } from '../core/registry/registry-client.js';
import type { TransportOptions } from './http/transport-options.js';
import { SdkRegistryClient } from './sdk-registry-client.js';
import type { RegistryAccess, TokenSource } from './token-source.js';

export interface ClientsByLoginServerOptions {
  readonly tokenSource: TokenSource;
  readonly access: RegistryAccess;
  readonly caCertPem?: string;
  readonly transport?: Partial<TransportOptions>;
  readonly referrers?: boolean;
  readonly userAgentPrefix?: string;
}

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
