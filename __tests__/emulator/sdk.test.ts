import { beforeAll, describe, expect, test } from '@jest/globals';
import {
  ContainerRegistryClient,
  KnownContainerRegistryAudience,
  type ContainerRegistryClientOptions,
} from '@azure/container-registry';
import { RestError } from '@azure/core-rest-pipeline';
import { trustPolicy } from '../../src/acr/trust-policy.js';
import {
  SAMPLES,
  buildImage,
  startEmulator,
  storeBuilt,
  type RunningEmulator,
} from '../../src/emulator/index.js';
import { entraTestCredential, withEmulator } from '../helpers/emulator-fixture.js';

/** The unmodified SDK over HTTPS, retries off, trusting the emulator's CA, authenticating with an Entra token. */
function sdkOptions(emu: RunningEmulator): ContainerRegistryClientOptions {
  return {
    audience: KnownContainerRegistryAudience.AzureResourceManagerPublicCloud,
    retryOptions: { maxRetries: 0 },
    additionalPolicies: [{ policy: trustPolicy(emu.caCertPem), position: 'perRetry' }],
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('@azure/container-registry against the emulator', () => {
  const emu = withEmulator();
  let client: ContainerRegistryClient;
  const paging = { repository: 'paging/app', tags: ['a', 'b', 'c'] };

  beforeAll(() => {
    client = new ContainerRegistryClient(emu.url, entraTestCredential(), sdkOptions(emu));
    const image = buildImage({ files: { x: 'paging\n' } });
    const other = buildImage({ files: { x: 'paging 2\n' } });
    storeBuilt(emu.store, paging.repository, other);
    for (const tag of paging.tags) storeBuilt(emu.store, paging.repository, image, tag);
  });

  test('the SDK goes through the real token flow: challenge, exchange, token, retry', async () => {
    emu.clearRequestLog();
    const fresh = new ContainerRegistryClient(emu.url, entraTestCredential(), sdkOptions(emu));
    await fresh.getRepository(SAMPLES.plain.repository).getProperties();
    expect(emu.requestLog.map((e) => [e.method, e.path, e.status, e.kind])).toEqual([
      ['GET', '/acr/v1/samples/hello', 401, 'challenge'],
      ['POST', '/oauth2/exchange', 200, 'auth'],
      ['POST', '/oauth2/token', 200, 'auth'],
      ['GET', '/acr/v1/samples/hello', 200, 'read'],
    ]);
    expect(emu.requestLog[0]?.repository).toBe('samples/hello');
  });

  test('repository properties: get and update', async () => {
    const repository = client.getRepository(SAMPLES.multiArch.repository);
    const before = await repository.getProperties();
    expect(before).toMatchObject({
      name: SAMPLES.multiArch.repository,
      registryLoginServer: emu.loginServer,
      manifestCount: 3,
      tagCount: 1,
      canWrite: true,
      canDelete: true,
      canRead: true,
      canList: true,
    });
    expect(before.createdOn).toBeInstanceOf(Date);
    const after = await repository.updateProperties({ canWrite: false, canDelete: false });
    expect(after).toMatchObject({ canWrite: false, canDelete: false, canRead: true, canList: true });
    expect(emu.store.getRepository(SAMPLES.multiArch.repository)?.attributes).toEqual({
      writeEnabled: false,
      deleteEnabled: false,
      readEnabled: true,
      listEnabled: true,
    });
    await repository.updateProperties({ canWrite: true, canDelete: true });
    expect(emu.store.getRepository(SAMPLES.multiArch.repository)?.attributes.writeEnabled).toBe(true);
  });

  test('tag properties: get and update', async () => {
    const artifact = client.getArtifact(SAMPLES.plain.repository, SAMPLES.plain.tag);
    const tag = await artifact.getTagProperties(SAMPLES.plain.tag);
    expect(tag).toMatchObject({ name: '1.0', digest: SAMPLES.plain.digest, canWrite: true, canDelete: true });
    const updated = await artifact.updateTagProperties(SAMPLES.plain.tag, {
      canWrite: false,
      canDelete: false,
    });
    expect(updated).toMatchObject({ canWrite: false, canDelete: false, canRead: true, canList: true });
    expect(emu.store.getTag(SAMPLES.plain.repository, SAMPLES.plain.tag)?.attributes).toMatchObject({
      writeEnabled: false,
      deleteEnabled: false,
    });
    // The manifest is a separate object: untouched.
    expect(
      emu.store.getManifest(SAMPLES.plain.repository, SAMPLES.plain.digest)?.attributes.writeEnabled,
    ).toBe(true);
  });

  test('manifest properties of an index and of a platform child', async () => {
    const index = await client
      .getArtifact(SAMPLES.multiArch.repository, SAMPLES.multiArch.tag)
      .getManifestProperties();
    expect(index.digest).toBe(SAMPLES.multiArch.digest);
    expect(index.tags).toEqual(['1.0']);
    expect(index.relatedArtifacts.map((r) => [r.digest, r.architecture, r.operatingSystem])).toEqual([
      [SAMPLES.multiArch.children[0], 'amd64', 'linux'],
      [SAMPLES.multiArch.children[1], 'arm64', 'linux'],
    ]);
    const child = client.getArtifact(SAMPLES.multiArch.repository, SAMPLES.multiArch.children[1]);
    expect(await child.getManifestProperties()).toMatchObject({
      architecture: 'arm64',
      operatingSystem: 'linux',
      tags: [],
    });
    const updated = await child.updateManifestProperties({ canRead: false, canList: false });
    expect(updated).toMatchObject({ canRead: false, canList: false, canWrite: true, canDelete: true });
    expect(
      emu.store.getManifest(SAMPLES.multiArch.repository, SAMPLES.multiArch.children[1])?.attributes,
    ).toMatchObject({
      readEnabled: false,
      listEnabled: false,
    });
  });

  test('list tags by pages, in name and in time order', async () => {
    const artifact = client.getArtifact(paging.repository, 'a');
    const pages = await collect(artifact.listTagProperties().byPage({ maxPageSize: 1 }));
    expect(pages.map((p) => p.map((t) => t.name))).toEqual([['a'], ['b'], ['c']]);
    const newest = await collect(
      artifact.listTagProperties({ order: 'LastUpdatedOnDescending' }).byPage({ maxPageSize: 2 }),
    );
    expect(newest.map((p) => p.map((t) => t.name))).toEqual([['c', 'b'], ['a']]);
    const manifests = await collect(
      client.getRepository(paging.repository).listManifestProperties().byPage({ maxPageSize: 1 }),
    );
    expect(manifests).toHaveLength(2);
  });

  test('list repositories', async () => {
    const names = await collect(client.listRepositoryNames());
    expect(names).toEqual(
      expect.arrayContaining(['paging/app', 'samples/hello', 'samples/multiarch', 'samples/signed']),
    );
  });

  test('delete a tag; a delete-locked tag is refused with 405', async () => {
    const artifact = client.getArtifact(paging.repository, 'c');
    await artifact.deleteTag('c');
    expect(emu.store.getTag(paging.repository, 'c')).toBeUndefined();
    emu.store.updateTagAttributes(paging.repository, 'b', { deleteEnabled: false });
    const refused = await artifact.deleteTag('b').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RestError);
    expect((refused as RestError).statusCode).toBe(405);
    // The SDK leaves `code` empty for ACR's `errors` array; the parsed body is in `details`.
    expect((refused as RestError).details).toMatchObject({
      errors: [{ code: 'REGISTRY_DISALLOWED_OPERATION' }],
    });
    expect(emu.store.getTag(paging.repository, 'b')).toBeDefined();
  });

  test('a credential the registry does not accept fails the exchange', async () => {
    const stranger = new ContainerRegistryClient(
      emu.url,
      entraTestCredential('not-accepted'),
      sdkOptions(emu),
    );
    const error = await stranger
      .getRepository(SAMPLES.plain.repository)
      .getProperties()
      .catch((e: unknown) => e);
    expect((error as RestError).statusCode).toBe(401);
  });

  test('anonymous client: reads allowed, writes refused', async () => {
    const anon = await startEmulator({ anonymousPull: true });
    try {
      const anonymous = new ContainerRegistryClient(anon.url, sdkOptions(anon));
      const repository = anonymous.getRepository(SAMPLES.plain.repository);
      expect((await repository.getProperties()).name).toBe(SAMPLES.plain.repository);
      const error = await repository.updateProperties({ canDelete: false }).catch((e: unknown) => e);
      expect((error as RestError).statusCode).toBe(401);
      expect(anon.store.getRepository(SAMPLES.plain.repository)?.attributes.deleteEnabled).toBe(true);
    } finally {
      await anon.close();
    }
  });
});
