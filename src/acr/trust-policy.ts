import { Agent } from 'node:https';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/** One agent per extra CA for the whole process: every repository's pipeline shares its context and pool. */
const agents = new Map<string, Agent>();

/**
 * Trusts one extra CA (a registry behind TLS inspection, or the emulator) on top of what the process
 * already trusts. Node reads NODE_EXTRA_CA_CERTS only at start-up, so an input or a test needs its own
 * agent. The trust goes in as one secure context, not as `ca`: the agent keys its connection pool by
 * its options on every request, and 140-odd PEM roots in that key cost more CPU than the request.
 * The agent is made once per CA, not per repository: a sweep over 100 repositories held 100 contexts.
 */
export function trustPolicy(caPem: string): PipelinePolicy {
  let agent = agents.get(caPem);
  if (!agent) {
    agent = new Agent({ secureContext: trusting(caPem), keepAlive: true });
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

interface NativeContext {
  addCACert?(pem: string): void;
}

/**
 * The process's own trust store (bundled roots, NODE_EXTRA_CA_CERTS, --use-system-ca) plus `caPem`.
 * Adding to a default context takes under a millisecond, where parsing the ~150 bundled roots again
 * for `ca: [...]` takes 10–15 ms of a 120 ms run; the native handle's addCACert is what Node's own
 * `ca` option uses, and where a Node build lacks it, the bundled roots are passed instead.
 */
function trusting(caPem: string): SecureContext {
  const context = createSecureContext();
  const native = (context as SecureContext & { context?: NativeContext }).context;
  if (typeof native?.addCACert === 'function') {
    native.addCACert(caPem);
    return context;
  }
  return createSecureContext({ ca: [...rootCertificates, caPem] });
}
