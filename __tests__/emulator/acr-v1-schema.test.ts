import { beforeAll, describe, expect, test } from '@jest/globals';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { SAMPLES, buildImage, storeBuilt } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { call } from './support/https-client.js';
import { loadSpec } from './support/reference-data.js';

/**
 * Every `/acr/v1` body validated against the published spec's definitions. Definitions are made
 * closed (`additionalProperties: false`) so a misspelt or invented key fails too. Spec quirks,
 * adjusted here and nowhere else:
 * - ManifestAttributesBase does not list `mediaType`, which real ACR returns (reference README).
 * - ArtifactArchitecture / ArtifactOperatingSystem lack `unknown`, which real ACR returns for
 *   platform-less manifests (see the manifest recordings).
 * - AcrErrorInfo.detail is typed object; ACR's 401 bodies carry an array (recordings), so only
 *   non-401 errors are checked against it.
 */
const CLOSED = [
  'RepositoryAttributes',
  'RepositoryChangeableAttributes',
  'TagList',
  'TagAttributes',
  'TagAttributesBase',
  'TagChangeableAttributes',
  'AcrManifests',
  'ManifestAttributes',
  'ManifestAttributesBase',
  'ManifestChangeableAttributes',
  'ManifestAttributes_manifest_references',
  'Repositories',
  'DeletedRepository',
  'AcrErrors',
  'AcrErrorInfo',
];

type Definitions = Record<
  string,
  Record<string, unknown> & { properties?: Record<string, unknown>; enum?: string[] }
>;

function adjustedSpec(): Record<string, unknown> {
  const spec = structuredClone(loadSpec());
  const definitions = spec.definitions as Definitions;
  const base = definitions.ManifestAttributesBase;
  if (base?.properties) base.properties.mediaType = { type: 'string' };
  for (const name of ['ArtifactArchitecture', 'ArtifactOperatingSystem'])
    definitions[name]?.enum?.push('unknown');
  for (const name of CLOSED) {
    const definition = definitions[name];
    if (!definition) throw new Error(`the spec has no definition ${name}`);
    definition.additionalProperties = false;
  }
  return spec;
}

describe('/acr/v1 bodies match the spec definitions', () => {
  const emu = withEmulator({ admin: { username: 'admin', password: 'pw' } });
  const validators = new Map<string, ValidateFunction>();
  const extra = buildImage({ files: { x: 'schema test\n' } });

  beforeAll(() => {
    storeBuilt(emu.store, 'schema/doomed', extra, 'v1');
  });

  async function expectValid(
    definition: string,
    method: string,
    path: string,
    body?: string,
  ): Promise<unknown> {
    const reply = await call(emu, {
      method,
      path,
      basic: emu.admin,
      ...(body === undefined ? {} : { body, headers: { 'Content-Type': 'application/json' } }),
    });
    const json: unknown = reply.json();
    const validate = compiled(definition);
    const ok = validate(json);
    expect({ path, definition, status: reply.status, errors: ok ? null : validate.errors }).toMatchObject({
      path,
      definition,
      errors: null,
    });
    return json;
  }

  let ajv: Ajv | undefined;
  /** The spec loaded once as a schema (Swagger keywords ignored), definitions compiled on demand. */
  function compiled(definition: string): ValidateFunction {
    const cached = validators.get(definition);
    if (cached) return cached;
    if (!ajv) {
      ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true });
      addFormats.default(ajv);
      for (const format of ['int32', 'int64', 'file']) ajv.addFormat(format, true);
      ajv.addSchema(adjustedSpec(), 'acr');
    }
    const validate = ajv.getSchema(`acr#/definitions/${definition}`);
    if (!validate) throw new Error(`no schema for ${definition}`);
    validators.set(definition, validate);
    return validate;
  }

  const repo = (name: string): string => `/acr/v1/${encodeURIComponent(name)}`;

  test('catalog → Repositories', async () => {
    const body = (await expectValid('Repositories', 'GET', '/acr/v1/_catalog')) as { repositories: string[] };
    expect(body.repositories).toEqual(
      expect.arrayContaining([SAMPLES.plain.repository, SAMPLES.multiArch.repository]),
    );
    await expectValid('Repositories', 'GET', '/acr/v1/_catalog?n=1');
  });

  test.each([SAMPLES.plain.repository, SAMPLES.multiArch.repository, SAMPLES.signed.repository])(
    'repository %s → RepositoryAttributes (GET and PATCH)',
    async (name) => {
      await expectValid('RepositoryAttributes', 'GET', repo(name));
      const patched = (await expectValid(
        'RepositoryAttributes',
        'PATCH',
        repo(name),
        '{"listEnabled":true}',
      )) as {
        changeableAttributes: { listEnabled: boolean };
      };
      expect(patched.changeableAttributes.listEnabled).toBe(true);
    },
  );

  test.each([
    '',
    '?n=1',
    '?orderby=timedesc',
    '?orderby=timeasc&n=2',
    `?digest=${encodeURIComponent(SAMPLES.plain.digest)}`,
  ])('tag list %s → TagList', async (query) => {
    await expectValid('TagList', 'GET', `${repo(SAMPLES.plain.repository)}/_tags${query}`);
    await expectValid('TagList', 'GET', `${repo(SAMPLES.signed.repository)}/_tags${query}`);
  });

  test('tag → TagAttributes (GET and PATCH)', async () => {
    const path = `${repo(SAMPLES.multiArch.repository)}/_tags/${SAMPLES.multiArch.tag}`;
    await expectValid('TagAttributes', 'GET', path);
    await expectValid('TagAttributes', 'PATCH', path, '{"readEnabled":true,"listEnabled":true}');
  });

  test.each(['', '?n=1', '?orderby=timedesc'])('manifest list %s → AcrManifests', async (query) => {
    for (const name of [SAMPLES.plain.repository, SAMPLES.multiArch.repository, SAMPLES.signed.repository]) {
      await expectValid('AcrManifests', 'GET', `${repo(name)}/_manifests${query}`);
    }
  });

  test.each([
    ['docker image', SAMPLES.plain.repository, SAMPLES.plain.digest],
    ['OCI index', SAMPLES.multiArch.repository, SAMPLES.multiArch.digest],
    ['index child', SAMPLES.multiArch.repository, SAMPLES.multiArch.children[0]],
    ['signed image', SAMPLES.signed.repository, SAMPLES.signed.digest],
    ['signature referrer', SAMPLES.signed.repository, SAMPLES.signed.referrers[0]],
  ])('manifest (%s) → ManifestAttributes (GET and PATCH)', async (_what, name, digest) => {
    const path = `${repo(name)}/_manifests/${encodeURIComponent(digest)}`;
    await expectValid('ManifestAttributes', 'GET', path);
    await expectValid('ManifestAttributes', 'PATCH', path, '{"writeEnabled":true}');
  });

  test('repository delete → DeletedRepository', async () => {
    const body = await expectValid('DeletedRepository', 'DELETE', repo('schema/doomed'));
    expect(body).toEqual({ manifestsDeleted: [extra.digest], tagsDeleted: ['v1'] });
  });

  test.each([
    ['NAME_UNKNOWN', 'GET', repo('no/such')],
    ['TAG_UNKNOWN', 'GET', `${repo(SAMPLES.plain.repository)}/_tags/nope`],
    ['MANIFEST_UNKNOWN', 'GET', `${repo(SAMPLES.plain.repository)}/_manifests/sha256%3A${'0'.repeat(64)}`],
  ])('%s → AcrErrors', async (code, method, path) => {
    const body = (await expectValid('AcrErrors', method, path)) as { errors: Array<{ code: string }> };
    expect(body.errors[0]?.code).toBe(code);
  });

  test('a lock refusal → AcrErrors', async () => {
    emu.store.updateTagAttributes(SAMPLES.signed.repository, SAMPLES.signed.tag, { deleteEnabled: false });
    try {
      const body = await expectValid(
        'AcrErrors',
        'DELETE',
        `${repo(SAMPLES.signed.repository)}/_tags/${SAMPLES.signed.tag}`,
      );
      expect(body).toEqual({
        errors: [
          {
            code: 'REGISTRY_DISALLOWED_OPERATION',
            message:
              'The operation is disallowed on this registry, repository or image. View troubleshooting steps at https://aka.ms/acr/faq/#why-does-my-pull-or-push-request-fail-with-disallowed-operation',
            detail: {},
          },
        ],
      });
    } finally {
      emu.store.updateTagAttributes(SAMPLES.signed.repository, SAMPLES.signed.tag, { deleteEnabled: true });
    }
  });

  test('the adjusted schema still rejects invented keys and values', () => {
    expect(compiled('TagChangeableAttributes')({ writeEnabled: true, teleportEnabled: false })).toBe(false);
    const manifest = {
      digest: 'sha256:x',
      createdTime: '2024-06-20T20:46:29.9724588Z',
      lastUpdateTime: '2024-06-20T20:46:29.9724588Z',
    };
    expect(compiled('ManifestAttributesBase')({ ...manifest, architecture: 'unknown' })).toBe(true);
    expect(compiled('ManifestAttributesBase')({ ...manifest, architecture: 'bogus' })).toBe(false);
    expect(compiled('ManifestAttributesBase')({ ...manifest, createdTime: 'yesterday' })).toBe(false);
  });
});
