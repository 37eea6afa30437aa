import {
  createDefaultHttpClient,
  createPipelineFromOptions,
  createHttpHeaders,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
  type PipelinePolicy,
} from '@azure/core-rest-pipeline';
import { AuthError, RegistryError, unreachable } from '../core/errors.js';
import { neutralize } from '../core/text/neutralize.js';
import { TransportError } from './http/transport-error.js';
import { repositoryScope, type RegistryAccess, type TokenSource } from './token-source.js';

import { TokenCache, type CachedToken } from './token-cache.js';
import type { Deadline } from './http/transport-options.js';

/** The one refresh token per registry, in the same cache as the per-repository access tokens. */
const REFRESH_KEY = '\u0000refresh';

/**
 * ACR's token flow, done once per repository with the combined scope the run needs: Entra token →
 * POST /oauth2/exchange (one refresh token per registry) → POST /oauth2/token (one access token per
 * repository). Asking up front avoids the SDK's challenge round trips (one per scope per request kind).
 * Until the registry has accepted the credentials once, token requests go one at a time; once it has
 * refused them, no further request goes to it and every caller gets that one refusal.
 */
export class AcrTokenProvider {
  private readonly tokens: TokenCache;
  private readonly referrers: boolean;
  private readonly pipeline: Pipeline;
  private readonly http: HttpClient = createDefaultHttpClient();
  private readonly deadline?: Deadline;
  private refused: AuthError | undefined;
  /** Settles once the registry accepted the credentials; undefined until the first request starts. */
  private firstAcceptance: Promise<unknown> | undefined;
  private accepted = false;

  constructor(
    private readonly loginServer: string,
    private readonly source: TokenSource,
    private readonly access: RegistryAccess,
    options: {
      policies?: readonly PipelinePolicy[];
      referrers?: boolean;
      deadline?: Deadline;
      /** Put before the SDK's product tokens in the User-Agent: `acr-lock/<version> (<shell>)`. */
      userAgentPrefix?: string;
    } = {},
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = new TokenCache(now);
    this.pipeline = createPipelineFromOptions({
      retryOptions: { maxRetries: 0 },
      redirectOptions: { maxRetries: 0 },
      ...(options.userAgentPrefix ? { userAgentOptions: { userAgentPrefix: options.userAgentPrefix } } : {}),
    });
    this.referrers = options.referrers ?? false;
    this.deadline = options.deadline;
    for (const policy of options.policies ?? []) this.pipeline.addPolicy(policy, { afterPhase: 'Retry' });
  }

  async accessToken(repository: string): Promise<string> {
    return (await this.tokens.get(repository, () => this.gatedAccessToken(repository))).token;
  }

  private async gatedAccessToken(repository: string): Promise<CachedToken> {
    if (this.refused) throw this.refused;
    if (!this.accepted) {
      while (this.firstAcceptance) {
        const pending = this.firstAcceptance;
        await pending.catch(() => undefined);
        if (this.refused) throw this.refused;
        if (this.accepted) break;
        if (this.firstAcceptance === pending) this.firstAcceptance = undefined;
      }
      if (!this.accepted) {
        const attempt = this.requestAccessToken(repository);
        this.firstAcceptance = attempt;
        return attempt;
      }
    }
    return this.requestAccessToken(repository);
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
    this.accepted = true;
    return { token, expiresAt: jwtExpiry(token) ?? this.now() + 60 * 60 * 1000 };
  }

  private registryRefreshToken(): Promise<CachedToken> {
    return this.tokens.get(REFRESH_KEY, () => this.exchange());
  }

  private async exchange(): Promise<CachedToken> {
    if (this.source.kind !== 'entra') throw new Error('exchange needs an Entra credential');
    let entraToken;
    try {
      entraToken = await this.source.credential.getToken(this.source.scope, {
        abortSignal: this.deadline?.signal,
      });
    } catch (error) {
      if (this.deadline?.signal.aborted)
        throw new RegistryError(
          'timeout',
          `The overall timeout (${this.deadline.label}) ran out before Entra ID answered.`,
        );
      throw new AuthError(
        `Could not get an Entra ID token for ${this.source.scope}: ${neutralize((error as Error).message, [], 600)}`,
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
      if (error instanceof TransportError)
        throw new RegistryError(error.kind, `${this.loginServer}${path}: ${error.message}.`);
      throw unreachable(`Could not reach ${this.loginServer}${path}`, error);
    }
    if (response.status === 401 || response.status === 403) {
      this.refused = new AuthError(
        `The registry ${this.loginServer} refused the credentials (${path} answered ${response.status}); ` +
          `no further request was sent to it. ${describeSource(this.source)}`,
      );
      throw this.refused;
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
      return `Check the username '${neutralize(source.username, [], 80)}' and its password or token, and that the admin user or the token is enabled.`;
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
