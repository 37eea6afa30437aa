import * as tl from 'azure-pipelines-task-lib/task.js';
import type { AgentConnections, ServiceEndpoint } from './service-connections.js';

/**
 * Service connections as the agent passes them. The whole authorization object is read at once
 * (getEndpointAuthorization logs only whether it exists): reading parameters one by one would put each
 * secret into a debug line before it could be masked.
 */
export function agentConnections(): AgentConnections {
  const authorization = (id: string) => tl.getEndpointAuthorization(id, true);
  return {
    endpoint(id: string): ServiceEndpoint | undefined {
      const auth = authorization(id);
      if (auth === undefined) return undefined;
      return {
        scheme: auth.scheme ?? tl.getEndpointAuthorizationScheme(id, true) ?? '',
        parameters: auth.parameters ?? {},
        data: (key) => tl.getEndpointDataParameter(id, key, true),
      };
    },
    systemAccessToken: authorization('SystemVssConnection')?.parameters?.AccessToken,
    oidcRequestUri: tl.getVariable('System.OidcRequestUri'),
  };
}
