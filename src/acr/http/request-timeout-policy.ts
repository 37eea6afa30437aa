import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { linkedAbort } from './linked-abort.js';
import { TransportError } from './transport-error.js';

/**
 * Bounds one attempt, answer body included: a registry that accepts the connection and never answers
 * (or stops mid-answer) fails the attempt after `ms`, as a transient failure the retry policy retries.
 */
export function requestTimeoutPolicy(ms: number): PipelinePolicy {
  return {
    name: 'acrLockRequestTimeout',
    async sendRequest(request, next) {
      const outer = request.abortSignal;
      const attempt = linkedAbort([outer as AbortSignal | undefined]);
      let timedOut = false;
      const id = setTimeout(() => {
        timedOut = true;
        attempt.abort();
      }, ms);
      request.abortSignal = attempt.signal;
      try {
        return await next(request);
      } catch (error) {
        if (timedOut && !outer?.aborted)
          throw new TransportError('timeout', `no complete answer within ${seconds(ms)}`, true);
        throw error;
      } finally {
        clearTimeout(id);
        attempt.release();
        request.abortSignal = outer;
      }
    },
  };
}

export function seconds(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
