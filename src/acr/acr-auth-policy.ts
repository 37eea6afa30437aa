import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { AcrTokenProvider } from './acr-token-provider.js';

/**
 * Puts this repository's pre-fetched access token on every request. Runs after the SDK's own
 * challenge policy (which is left without a credential), so the SDK never negotiates tokens itself.
 * A 401 means the token expired or was revoked: fetch a new one once; if the registry still refuses,
 * hide the challenge so the SDK does not fall back to an anonymous token, and let the 401 surface.
 */
export function acrAuthPolicy(provider: AcrTokenProvider, repository: string): PipelinePolicy {
  return {
    name: 'acrLockAuth',
    async sendRequest(request, next) {
      request.headers.set('Authorization', `Bearer ${await provider.accessToken(repository)}`);
      let response = await next(request);
      if (response.status === 401) {
        provider.invalidate(repository);
        request.headers.set('Authorization', `Bearer ${await provider.accessToken(repository)}`);
        response = await next(request);
      }
      if (response.status === 401) response.headers.delete('WWW-Authenticate');
      return response;
    },
  };
}
