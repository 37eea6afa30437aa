import { Agent } from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/**
 * Trusts one extra CA (a registry behind TLS inspection, or the emulator) on top of the system roots.
 * Node reads NODE_EXTRA_CA_CERTS only at start-up, so an input or a test needs its own agent. The CAs
 * go in as one secure context, not as `ca`: the agent keys its connection pool by its options on every
 * request, and 140-odd PEM roots in that key cost more CPU than the request itself.
 */
export function trustPolicy(caPem: string): PipelinePolicy {
  const secureContext = createSecureContext({ ca: [...rootCertificates, caPem] });
  const agent = new Agent({ secureContext, keepAlive: true });
  return {
    name: 'acrLockTrust',
    sendRequest(request, next) {
      request.agent = agent;
      return next(request);
    },
  };
}
