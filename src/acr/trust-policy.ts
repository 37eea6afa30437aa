import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/**
 * Trusts one extra CA (a registry behind TLS inspection, or the emulator) on top of the system roots.
 * Node reads NODE_EXTRA_CA_CERTS only at start-up, so an input or a test needs its own agent.
 */
export function trustPolicy(caPem: string): PipelinePolicy {
  const agent = new Agent({ ca: [...rootCertificates, caPem], keepAlive: true });
  return {
    name: 'acrLockTrust',
    sendRequest(request, next) {
      request.agent = agent;
      return next(request);
    },
  };
}
