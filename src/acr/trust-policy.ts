import { Agent } from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/** One agent per extra CA for the whole process: every repository's pipeline shares its context and pool. */
const agents = new Map<string, Agent>();

/**
 * Trusts one extra CA (a registry behind TLS inspection, or the emulator) on top of the system roots.
 * Node reads NODE_EXTRA_CA_CERTS only at start-up, so an input or a test needs its own agent. The CAs
 * go in as one secure context, not as `ca`: the agent keys its connection pool by its options on every
 * request, and 140-odd PEM roots in that key cost more CPU than the request itself. The agent is made
 * once per CA, not per repository: a secure context holds every root parsed (about 2 MB).
 */
export function trustPolicy(caPem: string): PipelinePolicy {
  let agent = agents.get(caPem);
  if (!agent) {
    agent = new Agent({
      secureContext: createSecureContext({ ca: [...rootCertificates, caPem] }),
      keepAlive: true,
    });
    agents.set(caPem, agent);
  }
  const shared = agent;
  return {
    name: 'acrLockTrust',
    sendRequest(request, next) {
      request.agent = shared;
      return next(request);
    },
  };
}
