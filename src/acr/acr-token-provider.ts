import {
  createDefaultHttpClient,
  createPipelineFromOptions,
  createHttpHeaders,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
  type PipelinePolicy,
  type PipelineRetryOptions,
} from '@azure/core-rest-pipeline';
import { AuthError, RegistryError, unreachable } from '../core/errors.js';
import { repositoryScope, type RegistryAccess, type TokenSource } from './token-source.js';

import { TokenCache, type CachedToken } from './token-cache.js';

/** The one refresh token per registry, in the same cache as the per-repository access tokens. */
const REFRESH_KEY = '\u0000refresh';

/**
 * ACR's token flow, done once per repository with the combined scope the run needs: Entra token →
 * POST /oauth2/exchange (one refresh token per registry) → POST /oauth2/token (one access token per
 * repository). Asking up front avoids the SDK's challenge round trips (one per scope per request kind).
 */
export class AcrTokenProvider {
  private readonly tokens: TokenCache;
  private readonly referrers: boolean;
  private readonly pipeline: Pipeline;
  private readonly http: HttpClient = createDefaultHttpClient();

  constructor(
    private readonly loginServer: string,
    private readonly source: TokenSource,
    private readonly access: RegistryAccess,
    options: {
      policies?: readonly PipelinePolicy[];
      retryOptions?: PipelineRetryOptions;
      referrers?: boolean;
    } = {},
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = new TokenCache(now);
    this.pipeline = createPipelineFromOptions({ retryOptions: options.retryOptions });
    this.referrers = options.referrers ?? false;
    for (const policy of options.policies ?? []) this.pipeline.addPolicy(policy, { afterPhase: 'Retry' });
  }

  async accessToken(repository: string): Promise<string> {
    return (await this.tokens.get(repository, () => this.requestAccessToken(repository))).token;
  }

  /** Forget a repository's token after the registry refused it (expired or revoked). */
  invalidate(repository: string): void {
    this.tokens.delete(repository);
  }

  private async requestAccessToken(repository: string): Promise<CachedToken> {
    const form: Record<string, string> = {
      service: this.loginServer,
      scope: repositoryScope(repository, this.access, this.referrers),
    };
    if (this.source.kind === 'entra') {
      form.grant_type = 'refresh_token';
      form.refresh_token = (await this.registryRefreshToken()).token;
    } else if (this.source.kind === 'password') {
      form.grant_type = 'password';
      form.username = this.source.username;
      form.password = this.source.password;
    } else {
      form.grant_type = 'password';
      form.refresh_token = '';
    }
    const body = await this.post('/oauth2/token', form);
    const token = body.access_token;
    if (typeof token !== 'string')
      throw new RegistryError('protocol', 'The registry answered /oauth2/token without an access_token.');
    return { token, expiresAt: jwtExpiry(token) ?? this.now() + 60 * 60 * 1000 };
  }

  private registryRefreshToken(): Promise<CachedToken> {
    return this.tokens.get(REFRESH_KEY, () => this.exchange());
  }

  private async exchange(): Promise<CachedToken> {
    if (this.source.kind !== 'entra') throw new Error('exchange needs an Entra credential');
    let entraToken;
    try {
      entraToken = await this.source.credential.getToken(this.source.scope);
    } catch (error) {
      throw new AuthError(
        `Could not get an Entra ID token for ${this.source.scope}: ${(error as Error).message}`,
      );
    }
    if (!entraToken) throw new AuthError(`The Entra credential returned no token for ${this.source.scope}.`);
    const form: Record<string, string> = {
      grant_type: 'access_token',
      service: this.loginServer,
      access_token: entraToken.token,
    };
    if (this.source.tenantId) form.tenant = this.source.tenantId;
    const body = await this.post('/oauth2/exchange', form);
    const token = body.refresh_token;
    if (typeof token !== 'string')
      throw new RegistryError('protocol', 'The registry answered /oauth2/exchange without a refresh_token.');
    const expiresAt = jwtExpiry(token);
    if (expiresAt === undefined)
      throw new RegistryError('protocol', 'The registry refresh token carries no expiry.');
    return { token, expiresAt };
  }

  private async post(path: string, form: Record<string, string>): Promise<Record<string, unknown>> {
    const request = createPipelineRequest({
      url: `https://${this.loginServer}${path}`,
      method: 'POST',
      headers: createHttpHeaders({ 'Content-Type': 'application/x-www-form-urlencoded' }),
      body: new URLSearchParams(form).toString(),
    });
    let response;
    try {
      response = await this.pipeline.sendRequest(this.http, request);
    } catch (error) {
      throw unreachable(`Could not reach ${this.loginServer}${path}`, error);
    }
    if (response.status === 401 || response.status === 403) {
      throw new AuthError(
        `The registry ${this.loginServer} refused the credentials (${path} answered ${response.status}). ` +
          describeSource(this.source),
      );
    }
    if (response.status !== 200) {
      throw new RegistryError(
        response.status === 429 ? 'throttled' : response.status >= 500 ? 'unavailable' : 'protocol',
        `${path} on ${this.loginServer} answered ${response.status}.`,
        response.status,
      );
    }
    try {
      return JSON.parse(response.bodyAsText ?? '') as Record<string, unknown>;
    } catch {
      throw new RegistryError('protocol', `${path} on ${this.loginServer} answered with invalid JSON.`);
    }
  }
}

function describeSource(source: TokenSource): string {
  switch (source.kind) {
    case 'password':
      return `Check the username '${source.username}' and its password or token, and that the admin user or the token is enabled.`;
    case 'anonymous':
      return 'Anonymous access is not enabled on this registry: give credentials.';
    case 'entra':
      return 'The identity needs a role on the registry that allows reading and writing metadata (e.g. Container Registry Repository Writer, or AcrPush plus metadata permissions).';
  }
}

/** The `exp` claim of a JWT, in milliseconds; undefined when the token is not a JWT. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
