import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { neutralize } from '../../core/text/neutralize.js';
import { TransportError } from './transport-error.js';

/**
 * Registry metadata calls follow no redirect: a 3xx is refused as a protocol error, so no credential
 * goes to the other origin and no attribute is believed from it. Runs closest to the wire.
 */
export function refuseRedirectsPolicy(): PipelinePolicy {
  return {
    name: 'acrLockRefuseRedirects',
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get('location');
        let target = 'elsewhere';
        if (location) {
          try {
            const url = new URL(location, request.url);
            target = url.origin === new URL(request.url).origin ? 'another path' : url.origin;
          } catch {
            target = 'an invalid location';
          }
        }
        throw new TransportError(
          'protocol',
          `the registry answered ${response.status} redirecting to ${neutralize(target)}; acr-lock follows no redirect for registry calls`,
        );
      }
      return response;
    },
  };
}
