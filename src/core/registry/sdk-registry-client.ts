import {
  ContainerRegistryClient,
  type ArtifactManifestProperties,
  type ArtifactTagProperties,
  type ContainerRepositoryProperties,
} from '@azure/container-registry';
import { isRestError, type PipelinePolicy, type PipelineRetryOptions } from '@azure/core-rest-pipeline';
import type { DesiredAttributes, LockAttributes } from '../model/attributes.js';
import { AuthError, RegistryError } from '../errors.js';
import { AcrTokenProvider } from './acr-token-provider.js';
import { acrAuthPolicy } from './acr-auth-policy.js';
import type { ManifestState, RegistryClient, RepositoryState, TagState } from './registry-client.js';
import type { RegistryAccess, TokenSource } from './token-source.js';
import { trustPolicy } from './trust-policy.js';

export interface SdkRegistryClientOptions {
  readonly loginServer: string;
  readonly tokenSource: TokenSource;
  readonly access: RegistryAccess;
  /** Extra CA certificate (PEM) to trust. */
  readonly caCertPem?: string;
  readonly retryOptions?: PipelineRetryOptions;
}

/**
 * RegistryClient over @azure/container-registry. One SDK client per repository, each carrying that
 * repository's access token, so a run asks the registry once per repository for the scope it needs.
 */
export class SdkRegistryClient implements RegistryClient {
  readonly loginServer: string;
  private readonly tokens: AcrTokenProvider;
  private readonly clients = new Map<string, ContainerRegistryClient>();
  private readonly sharedPolicies: PipelinePolicy[];

  constructor(private readonly options: SdkRegistryClientOptions) {
    this.loginServer = options.loginServer;
    this.sharedPolicies = options.caCertPem ? [trustPolicy(options.caCertPem)] : [];
    this.tokens = new AcrTokenProvider(options.loginServer, options.tokenSource, options.access, {
      policies: this.sharedPolicies,
      retryOptions: options.retryOptions,
    });
  }

  getTag(repository: string, tag: string): Promise<TagState> {
    return this.call(`${repository}:${tag}`, async () =>
      toTagState(
        repository,
        await this.client(repository).getArtifact(repository, tag).getTagProperties(tag),
      ),
    );
  }

  getManifest(repository: string, digest: string): Promise<ManifestState> {
    return this.call(`${repository}@${digest}`, async () =>
      toManifestState(
        repository,
        await this.client(repository).getArtifact(repository, digest).getManifestProperties(),
      ),
    );
  }

  getRepository(repository: string): Promise<RepositoryState> {
    return this.call(repository, async () =>
      toRepositoryState(repository, await this.client(repository).getRepository(repository).getProperties()),
    );
  }

  updateTag(repository: string, tag: string, changes: DesiredAttributes): Promise<TagState> {
    return this.call(`${repository}:${tag}`, async () =>
      toTagState(
        repository,
        await this.client(repository)
          .getArtifact(repository, tag)
          .updateTagProperties(tag, toSdkChanges(changes)),
      ),
    );
  }

  updateManifest(repository: string, digest: string, changes: DesiredAttributes): Promise<ManifestState> {
    return this.call(`${repository}@${digest}`, async () =>
      toManifestState(
        repository,
        await this.client(repository)
          .getArtifact(repository, digest)
          .updateManifestProperties(toSdkChanges(changes)),
      ),
    );
  }

  updateRepository(repository: string, changes: DesiredAttributes): Promise<RepositoryState> {
    return this.call(repository, async () =>
      toRepositoryState(
        repository,
        await this.client(repository).getRepository(repository).updateProperties(toSdkChanges(changes)),
      ),
    );
  }

  private client(repository: string): ContainerRegistryClient {
    let client = this.clients.get(repository);
    if (!client) {
      client = new ContainerRegistryClient(`https://${this.loginServer}`, {
        retryOptions: this.options.retryOptions,
        additionalPolicies: [...this.sharedPolicies, acrAuthPolicy(this.tokens, repository)].map(
          (policy) => ({
            policy,
            position: 'perRetry' as const,
          }),
        ),
      });
      this.clients.set(repository, client);
    }
    return client;
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toRegistryError(error, `${this.loginServer}/${what}`);
    }
  }
}

function toRegistryError(error: unknown, what: string): Error {
  if (error instanceof RegistryError || error instanceof AuthError) return error;
  if (!isRestError(error)) return new RegistryError('unavailable', `${what}: ${(error as Error).message}`);
  const status = error.statusCode;
  const code = registryErrorCode(error.response?.bodyAsText ?? undefined);
  switch (status) {
    case 404:
      return new RegistryError('not-found', `${what} was not found (${code ?? '404'}).`, status, code);
    case 405:
      return new RegistryError(
        'disallowed',
        `${what}: the registry disallowed the operation (${code ?? '405'}).`,
        status,
        code,
      );
    case 401:
      return new RegistryError(
        'unauthorized',
        `${what}: the registry refused the credentials; they lack permission for this repository's metadata, or expired.`,
        status,
        code,
      );
    case 403:
      return new RegistryError('forbidden', `${what}: access denied (${code ?? '403'}).`, status, code);
    case 429:
      return new RegistryError(
        'throttled',
        `${what}: the registry is throttling requests (429) and retries ran out.`,
        status,
        code,
      );
    default:
      if (status !== undefined && status >= 500) {
        return new RegistryError(
          'unavailable',
          `${what}: the registry answered ${status} and retries ran out.`,
          status,
          code,
        );
      }
      return new RegistryError(
        status === undefined ? 'unavailable' : 'protocol',
        `${what}: ${status === undefined ? error.message : `unexpected answer ${status}`}.`,
        status,
        code,
      );
  }
}

function registryErrorCode(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as { errors?: Array<{ code?: unknown }> };
    const code = parsed.errors?.[0]?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

interface SdkAttributes {
  canWrite?: boolean;
  canDelete?: boolean;
  canRead?: boolean;
  canList?: boolean;
}

function toAttributes(properties: SdkAttributes): LockAttributes {
  return {
    writeEnabled: properties.canWrite ?? true,
    deleteEnabled: properties.canDelete ?? true,
    readEnabled: properties.canRead ?? true,
    listEnabled: properties.canList ?? true,
  };
}

function toSdkChanges(changes: DesiredAttributes): SdkAttributes {
  return {
    canWrite: changes.writeEnabled,
    canDelete: changes.deleteEnabled,
    canRead: changes.readEnabled,
    canList: changes.listEnabled,
  };
}

function toTagState(repository: string, p: ArtifactTagProperties): TagState {
  return { repository, tag: p.name, digest: p.digest, attributes: toAttributes(p) };
}

function toManifestState(repository: string, p: ArtifactManifestProperties): ManifestState {
  return {
    repository,
    digest: p.digest,
    children: p.relatedArtifacts.map((child) => child.digest),
    tags: p.tags,
    attributes: toAttributes(p),
  };
}

function toRepositoryState(repository: string, p: ContainerRepositoryProperties): RepositoryState {
  return { repository, attributes: toAttributes(p) };
}
