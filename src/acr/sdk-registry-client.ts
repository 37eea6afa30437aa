import {
  ContainerRegistryClient,
  type ArtifactManifestProperties,
  type ArtifactTagProperties,
  type ContainerRepositoryProperties,
} from '@azure/container-registry';
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
  type PipelinePolicy,
} from '@azure/core-rest-pipeline';
import type { DesiredAttributes, LockAttributes } from '../core/model/attributes.js';
import { RegistryError } from '../core/errors.js';
import { statusToRegistryError, toRegistryError } from './registry-error-mapping.js';
import { AcrTokenProvider } from './acr-token-provider.js';
import { acrAuthPolicy } from './acr-auth-policy.js';
import { listIndexEntries, listReferrers, listTags, type RegistryGet } from './oci-listings.js';
import type {
  IndexEntry,
  ManifestState,
  ReferrersAnswer,
  RegistryClient,
  RepositoryTags,
  RepositoryState,
  TagState,
} from '../core/registry/registry-client.js';
import { CATALOG_KEY, type RegistryAccess, type TokenSource } from './token-source.js';
import { trustPolicy } from './trust-policy.js';
import { isDigest } from '../core/text/neutralize.js';
import { refuseRedirectsPolicy } from './http/refuse-redirects-policy.js';
import { requestTimeoutPolicy } from './http/request-timeout-policy.js';
import { retryPolicy } from './http/retry-policy.js';
import { TransportError } from './http/transport-error.js';
import { DEFAULT_TRANSPORT, type TransportOptions } from './http/transport-options.js';

/** The SDK's own retry loop and redirect following are off; acr-lock's policies do both. */
const SDK_TRANSPORT_OFF = { retryOptions: { maxRetries: 0 }, redirectOptions: { maxRetries: 0 } } as const;
import type { ManifestListing, TagListing } from '../core/policy/listing.js';
import type { ListingOrder } from '../core/policy/listing-port.js';
import {
  CATALOG_LISTING,
  LARGE_PAGE_SIZE,
  LISTING_BATCH,
  LISTING_PAGE_SIZE,
  ListingFormatError,
  manifestListingKind,
  nextPageUrl,
  refusesPageSize,
  tagListingKind,
  withPageSize,
  type ListingKind,
} from '../core/policy/listing-wire.js';
import { listingBatches } from '../core/policy/listing-items.js';

/** One listing page: its body, and the path of the next page when the `Link` names one. */
interface ListingPage {
  readonly body: string;
  readonly next?: string;
}

export interface SdkRegistryClientOptions {
  readonly loginServer: string;
  readonly tokenSource: TokenSource;
  readonly access: RegistryAccess;
  /** Extra CA certificate (PEM) to trust. */
  readonly caCertPem?: string;
  /** Timeouts, retries and the overall deadline; defaults: DEFAULT_TRANSPORT. */
  readonly transport?: Partial<TransportOptions>;
  /** The run follows referrers: ask for `pull` too, in the same one token per repository. */
  readonly referrers?: boolean;
  /** Put before the SDK's product tokens in the User-Agent: `acr-lock/<version> (<shell>)`. */
  readonly userAgentPrefix?: string;
}

/**
 * RegistryClient over @azure/container-registry. One SDK client per repository, each carrying that
 * repository's access token, so a run asks the registry once per repository for the scope it needs.
 * The SDK's own retries and redirects are off: every request goes through acr-lock's transport
 * policies (one retry loop, per-attempt timeout, overall deadline, no redirect).
 */
export class SdkRegistryClient implements RegistryClient {
  private readonly loginServer: string;
  private readonly tokens: AcrTokenProvider;
  private readonly clients = new Map<string, ContainerRegistryClient>();
  private readonly pipelines = new Map<string, Pipeline>();
  private readonly http: HttpClient = createDefaultHttpClient();
  private readonly transport: TransportOptions;
  /** What a large page asks for: LARGE_PAGE_SIZE until the registry refuses it once. */
  private largePage = LARGE_PAGE_SIZE;

  constructor(private readonly options: SdkRegistryClientOptions) {
    this.loginServer = options.loginServer;
    this.transport = { ...DEFAULT_TRANSPORT, ...options.transport };
    this.tokens = new AcrTokenProvider(options.loginServer, options.tokenSource, options.access, {
      policies: this.wirePolicies(),
      referrers: options.referrers,
      deadline: this.transport.deadline,
      userAgentPrefix: options.userAgentPrefix,
    });
  }

  /** The SDK's own transport off, and acr-lock's product token first in the User-Agent. */
  private get sdkOptions() {
    const { userAgentPrefix } = this.options;
    return { ...SDK_TRANSPORT_OFF, ...(userAgentPrefix ? { userAgentOptions: { userAgentPrefix } } : {}) };
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

  /** The SDK has no referrers or raw index calls: these go through oci-listings.ts on this client's pipeline. */
  listReferrers(
    repository: string,
    digest: string,
    artifactTypes?: readonly string[],
  ): Promise<ReferrersAnswer> {
    const what = `${repository}@${digest} referrers`;
    return this.call(what, () =>
      listReferrers(this.get(repository), `${this.loginServer}/${what}`, repository, digest, artifactTypes),
    );
  }

  listTags(repository: string): Promise<RepositoryTags> {
    const what = `${repository} tags`;
    return this.call(what, () => listTags(this.get(repository), `${this.loginServer}/${what}`, repository));
  }

  listIndexEntries(repository: string, digest: string): Promise<readonly IndexEntry[]> {
    const what = `${repository}@${digest}`;
    return this.call(what, () =>
      listIndexEntries(this.get(repository), `${this.loginServer}/${what}`, repository, digest),
    );
  }

  /** A GET on this registry through the repository's pipeline (same token, trust and retries as the SDK). */
  private get(repository: string): RegistryGet {
    return (pathAndQuery, accept) =>
      this.pipeline(repository).sendRequest(
        this.http,
        createPipelineRequest({
          url: `https://${this.loginServer}${pathAndQuery}`,
          method: 'GET',
          headers: createHttpHeaders({ Accept: accept }),
        }),
      );
  }

  listRepositoryPages(): AsyncIterable<readonly string[]> {
    return this.pages(CATALOG_KEY, '/acr/v1/_catalog', 'catalog', CATALOG_LISTING);
  }

  listTagPages(repository: string, order: ListingOrder): AsyncIterable<readonly TagListing[]> {
    return this.repositoryPages(repository, '_tags', order, tagListingKind(repository));
  }

  listManifestPages(repository: string, order: ListingOrder): AsyncIterable<readonly ManifestListing[]> {
    return this.repositoryPages(repository, '_manifests', order, manifestListingKind(repository));
  }

  /** `/acr/v1/<repo>/_tags` (`?orderby=timedesc` newest first), then the `Link`s. */
  private repositoryPages<T>(
    repository: string,
    list: '_tags' | '_manifests',
    order: ListingOrder,
    kind: ListingKind<T>,
  ): AsyncIterable<readonly T[]> {
    const path = `/acr/v1/${encodeURIComponent(repository)}/${list}`;
    const what = `${repository} ${list.slice(1)}`;
    return this.pages(repository, order === 'newest-first' ? `${path}?orderby=timedesc` : path, what, kind);
  }

  /**
   * One request per page of LARGE_PAGE_SIZE items, following `Link` on this registry only, through the
   * repository's pipeline (its token, trust, timeouts and retries); the SDK lists tags only per
   * manifest, so these go direct. A page's items are parsed and handed out LISTING_BATCH at a time
   * (listingBatches). A registry that refuses a large page gets the same request again at
   * LISTING_PAGE_SIZE, which this client asks for from then on.
   */
  private async *pages<T>(
    key: string,
    firstPath: string,
    what: string,
    kind: ListingKind<T>,
  ): AsyncGenerator<readonly T[]> {
    // The size is set on each request as it is sent, so a refusal met since is not asked again.
    let next: string | undefined = firstPath;
    while (next !== undefined) {
      const page: ListingPage = await this.page(key, withPageSize(next, this.largePage), what);
      next = page.next;
      try {
        yield* listingBatches(page.body, kind, LISTING_BATCH);
      } catch (error) {
        throw this.asProtocolError(error, what);
      }
    }
  }

  /** One page's body and the next page's path. */
  private async page(key: string, pathAndQuery: string, what: string): Promise<ListingPage> {
    const send = (path: string) => this.call(what, () => this.get(key)(path, 'application/json'));
    let response = await send(pathAndQuery);
    if (refusesPageSize(response.status, pathAndQuery)) {
      this.largePage = LISTING_PAGE_SIZE;
      response = await send(withPageSize(pathAndQuery, LISTING_PAGE_SIZE));
    }
    if (response.status !== 200) {
      throw statusToRegistryError(
        response.status,
        response.bodyAsText ?? undefined,
        `${this.loginServer}/${what}`,
      );
    }
    let url: URL | undefined;
    try {
      url = nextPageUrl(response.headers.get('link'), this.loginServer);
    } catch (error) {
      throw this.asProtocolError(error, what);
    }
    return { body: response.bodyAsText ?? '', ...(url ? { next: `${url.pathname}${url.search}` } : {}) };
  }

  /** A listing the registry sent in a form ACR does not: a protocol error naming the listing. */
  private asProtocolError(error: unknown, what: string): unknown {
    return error instanceof ListingFormatError
      ? new RegistryError('protocol', `${this.loginServer}/${what}: ${error.message}`)
      : error;
  }

  private pipeline(repository: string): Pipeline {
    let pipeline = this.pipelines.get(repository);
    if (!pipeline) {
      pipeline = createPipelineFromOptions(this.sdkOptions);
      for (const policy of this.repositoryPolicies(repository))
        pipeline.addPolicy(policy, { afterPhase: 'Retry' });
      this.pipelines.set(repository, pipeline);
    }
    return pipeline;
  }

  /** Outermost first: retry, then per attempt the timeout, trust, the token and the redirect refusal. */
  private repositoryPolicies(repository: string): PipelinePolicy[] {
    const [retry, ...perAttempt] = this.wirePolicies();
    return [retry as PipelinePolicy, acrAuthPolicy(this.tokens, repository), ...perAttempt];
  }

  private wirePolicies(): PipelinePolicy[] {
    return [
      retryPolicy(this.transport),
      requestTimeoutPolicy(this.transport.requestTimeoutMs),
      ...(this.options.caCertPem ? [trustPolicy(this.options.caCertPem)] : []),
      refuseRedirectsPolicy(),
    ];
  }

  private client(repository: string): ContainerRegistryClient {
    let client = this.clients.get(repository);
    if (!client) {
      client = new ContainerRegistryClient(`https://${this.loginServer}`, {
        ...this.sdkOptions,
        additionalPolicies: this.repositoryPolicies(repository).map((policy) => ({
          policy,
          position: 'perRetry' as const,
        })),
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
  return { repository, tag: p.name, digest: checkedDigest(p.digest), attributes: toAttributes(p) };
}

function toManifestState(repository: string, p: ArtifactManifestProperties): ManifestState {
  return {
    repository,
    digest: checkedDigest(p.digest),
    children: (p.relatedArtifacts ?? []).map((child) => checkedDigest(child.digest)),
    tags: p.tags ?? [],
    attributes: toAttributes(p),
  };
}

/** A digest from the registry is used only in its exact registered form; anything else is a protocol error. */
function checkedDigest(value: unknown): string {
  if (isDigest(value)) return value;
  throw new TransportError('protocol', 'the registry answered with a malformed digest');
}

function toRepositoryState(repository: string, p: ContainerRepositoryProperties): RepositoryState {
  const counts =
    typeof p.tagCount === 'number' && typeof p.manifestCount === 'number'
      ? { counts: { tags: p.tagCount, manifests: p.manifestCount } }
      : {};
  return { repository, attributes: toAttributes(p), ...counts };
}
