import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  sha256Digest,
  startEmulator,
  type RunningEmulator,
  type TestMutation,
} from '../../../src/emulator/index.js';
import { ENTRA_TEST_TOKEN } from '../../helpers/emulator-fixture.js';
import { ACR_TIME, Check, JWT, differences } from './compare-values.js';
import { FORM_HEADERS, call, form, type Call, type Reply } from './https-client.js';
import { REFERENCE_DIR } from './reference-data.js';

/**
 * The spec's `x-ms-examples`, replayed: each example's request is sent to an emulator seeded with
 * what the example presumes (its repositories, tags, manifests and blobs), and its documented
 * responses are compared by value where the example fixes the value. What the example cannot fix
 * is substituted: our login server for its host, our digest for a manifest whose bytes the example
 * does not give, our upload ids; times and tokens are checked for their form. Keys the example
 * leaves out of a body are not compared (the examples predate `mediaType`, `signed`, …). The
 * originals' own inconsistencies (reference/acr-data-plane/README.md "Things to know") are handled
 * where they occur, each said in a comment.
 */
export interface SpecExample {
  parameters: Record<string, unknown>;
  responses: Record<string, { body?: unknown; headers?: Record<string, unknown> }>;
}

const EXAMPLES_DIR = join(REFERENCE_DIR, 'spec', 'examples');

export const EXAMPLE_FILES = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

function loadExample(file: string): SpecExample {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as SpecExample;
}

const ADMIN = { username: 'admin', password: 'examples-pw' };

/** One example's run: the emulator, helpers to call it and to record differences. */
class ExampleRun {
  readonly found: string[] = [];
  /** Example digest → ours, for manifests whose bytes the example does not give. */
  readonly digests = new Map<string, string>();

  constructor(
    readonly emu: RunningEmulator,
    readonly example: SpecExample,
  ) {}

  param(name: string): string {
    const value = this.example.parameters[name];
    if (typeof value !== 'string') throw new Error(`the example has no string parameter ${name}`);
    return value;
  }

  response(status: string): { body?: unknown; headers?: Record<string, unknown> } {
    const r = this.example.responses[status];
    if (!r) throw new Error(`the example documents no ${status} response`);
    return r;
  }

  send(c: Call): Promise<Reply> {
    return call(this.emu, { basic: ADMIN, ...c });
  }

  note(what: string, expected: unknown, actual: unknown, options: { extraKeys?: boolean } = {}): void {
    this.found.push(...differences(expected, actual, what, options).map((d) => d));
  }

  /** An example body as the value we must answer: host, digests and times substituted. */
  expected(body: unknown): unknown {
    const walk = (value: unknown, key?: string): unknown => {
      if (Array.isArray(value)) return value.map((v) => walk(v));
      if (value !== null && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
      }
      if (key === 'registry') return this.emu.loginServer;
      if (key === 'createdTime' || key === 'lastUpdateTime') return ACR_TIME;
      return typeof value === 'string' ? (this.digests.get(value) ?? value) : value;
    };
    return walk(body);
  }

  /** Status, the documented headers (values or checks) and the body (keys the example names). */
  compare(
    label: string,
    reply: Reply,
    status: string,
    headers: Record<string, unknown> = {},
    body?: unknown,
  ): void {
    this.note(`${label} status`, Number(status), reply.status);
    for (const [name, value] of Object.entries(headers)) {
      this.note(`${label} header ${name}`, value, reply.headers[name.toLowerCase()]);
    }
    if (body !== undefined)
      this.note(`${label} body`, body, reply.text === '' ? null : reply.json(), { extraKeys: true });
  }
}

/** A manifest whose config names the platform and whose config + layer sizes add up to `imageSize`. */
function storeSizedManifest(
  emu: RunningEmulator,
  repository: string,
  spec: { imageSize: number; architecture: string; os: string; salt: string },
): string {
  const config = Buffer.from(
    JSON.stringify({ architecture: spec.architecture, os: spec.os, salt: spec.salt }),
  );
  emu.store.putBlob(repository, config);
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: config.length,
      digest: sha256Digest(config),
    },
    // The layer's bytes are not needed for the manifest's properties; its declared size is.
    layers: [
      {
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        size: spec.imageSize - config.length,
        digest: sha256Digest(Buffer.from(spec.salt)),
      },
    ],
  };
  return emu.store.putManifest(repository, Buffer.from(JSON.stringify(manifest))).digest;
}

/**
 * The `nanoserver` repository the attribute examples describe: two Windows manifests with the
 * documented sizes, tagged as GetTagList shows; `test/bash:tagName` write-locked, as
 * GetTagAttributes shows.
 */
function seedNanoserver(run: ExampleRun): void {
  const { emu } = run;
  const first = storeSizedManifest(emu, 'nanoserver', {
    imageSize: 2401606,
    architecture: 'amd64',
    os: 'windows',
    salt: 'a',
  });
  const second = storeSizedManifest(emu, 'nanoserver', {
    imageSize: 4135121,
    architecture: 'amd64',
    os: 'windows',
    salt: 'b',
  });
  run.digests.set('sha256:110d2b6c84592561338aa040b1b14b7ab81c2f9edbd564c2285dd7d70d777086', first);
  run.digests.set('sha256:7af5cd1dde3e8f5c2c9103860afa4ca871a6075373b6564b0e7b1b47866dab52', second);
  emu.store.setTag('nanoserver', '4.7.2-20180905-nanoserver-1803', first);
  emu.store.setTag('nanoserver', '4.7.2-20180906-nanoserver-1803', second);
  const bash = storeSizedManifest(emu, 'test/bash', {
    imageSize: 1000,
    architecture: 'amd64',
    os: 'linux',
    salt: 'c',
  });
  run.digests.set('sha256:eabe547f78d4c18c708dd97ec3166cf7464cc651f1cbb67e70d407405b7ad7b6', bash);
  emu.store.setTag('test/bash', 'tagName', bash);
  emu.store.updateTagAttributes('test/bash', 'tagName', { writeEnabled: false });
}

/** The 5,635-byte config blob GetBlob returns (its sha256 is the examples' `prod/bash` digest). */
function seedBashBlob(run: ExampleRun): Buffer {
  const body = loadExample('GetBlob.json').responses['200']?.body;
  const bytes = Buffer.from(typeof body === 'string' ? body : '', 'base64');
  run.emu.store.putBlob('prod/bash', bytes);
  return bytes;
}

/** `v2/<repo>/blobs/uploads/<id>?…` of an example → our upload's path (the id is ours). */
async function startUpload(run: ExampleRun, repository: string): Promise<{ path: string; id: string }> {
  const reply = await run.send({ method: 'POST', path: `/v2/${repository}/blobs/uploads/` });
  const id = String(reply.headers['docker-upload-uuid']);
  return { path: String(reply.headers.location), id };
}

const UUID = new Check('an upload id', (v) => typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v));
const uploadLocation = (repository: string): Check =>
  new Check(
    `/v2/${repository}/blobs/uploads/<id>`,
    (v) => typeof v === 'string' && new RegExp(`^/v2/${repository}/blobs/uploads/[0-9a-f-]{36}$`).test(v),
  );

type Scenario = (run: ExampleRun) => Promise<void>;

const acr = (name: string, rest = ''): string => `/acr/v1/${encodeURIComponent(name)}${rest}`;

/** One scenario per example file. */
const SCENARIOS: Record<string, Scenario> = {
  'CancelBlobUpload.json': async (run) => {
    const upload = await startUpload(run, 'blobland');
    run.compare('DELETE', await run.send({ method: 'DELETE', path: upload.path }), '204');
    run.note('upload gone', undefined, run.emu.store.getUpload(upload.id));
  },
  'CheckBlob.json': async (run) => {
    seedBashBlob(run);
    // 307 (a redirect to storage) is ACR's other documented answer; the emulator serves blobs itself.
    const reply = await run.send({
      method: 'HEAD',
      path: `/v2/${run.param('name')}/blobs/${run.param('digest')}`,
    });
    run.compare('HEAD', reply, '200', {
      'Content-Length': String(run.response('200').headers?.['Content-Length']),
    });
  },
  'CheckBlobChunk.json': async (run) => {
    seedBashBlob(run);
    const reply = await run.send({
      method: 'HEAD',
      path: `/v2/${run.param('name')}/blobs/${run.param('digest')}`,
      headers: { Range: run.param('Range') },
    });
    run.compare('HEAD', reply, '200', run.response('200').headers);
  },
  'CreateManifest.json': async (run) => {
    const payload = run.param('payload');
    const manifest = JSON.parse(payload) as { config: { digest: string }; layers: Array<{ digest: string }> };
    // The example's blobs are not public: they are taken as present. Its documented digest is not
    // the sha256 of its payload (the original's own inconsistency), so the digest is checked
    // against the payload that was sent.
    const present = new Set([manifest.config.digest, ...manifest.layers.map((l) => l.digest)]);
    const store = run.emu.store;
    const hasBlobAnywhere = store.hasBlobAnywhere.bind(store);
    store.hasBlobAnywhere = (digest) => present.has(digest) || hasBlobAnywhere(digest);
    const name = run.param('name');
    const reply = await run.send({
      method: 'PUT',
      path: `/v2/${name}/manifests/latest`,
      headers: { 'Content-Type': 'application/vnd.docker.distribution.manifest.v2+json' },
      body: payload,
    });
    const digest = sha256Digest(Buffer.from(payload));
    run.compare('PUT', reply, '201', {
      'Content-Length': '0',
      'Docker-Content-Digest': digest,
      Location: `/v2/${name}/manifests/${digest}`,
    });
  },
  'DeleteAcrRepository.json': async (run) => {
    seedNanoserver(run);
    const path = acr(run.param('name'));
    run.compare('first DELETE', await run.send({ method: 'DELETE', path }), '202');
    run.compare('second DELETE', await run.send({ method: 'DELETE', path }), '404');
  },
  'DeleteBlob.json': async (run) => {
    seedBashBlob(run);
    const reply = await run.send({
      method: 'DELETE',
      path: `/v2/${run.param('name')}/blobs/${run.param('digest')}`,
    });
    run.compare('DELETE', reply, '202');
    run.note('DELETE body', run.response('202').body, reply.text);
  },
  'DeleteManifest.json': async (run) => {
    const name = run.param('name');
    storeSizedManifest(run.emu, name, { imageSize: 10, architecture: 'amd64', os: 'linux', salt: 'alpine' });
    run.emu.store.setTag(name, run.param('reference'), run.emu.store.listManifests(name)[0]?.digest ?? '');
    const path = `/v2/${name}/manifests/${run.param('reference')}`;
    run.compare('first DELETE', await run.send({ method: 'DELETE', path }), '202');
    run.compare('second DELETE', await run.send({ method: 'DELETE', path }), '404');
  },
  'DeleteTag.json': async (run) => {
    seedNanoserver(run);
    const path = acr(run.param('name'), `/_tags/${run.param('reference')}`);
    run.compare('first DELETE', await run.send({ method: 'DELETE', path }), '202');
    run.compare('second DELETE', await run.send({ method: 'DELETE', path }), '404');
  },
  'EndBlobUpload.json': async (run) => {
    // The upload holds UploadBlob's chunk ("SomethingElse"), whose sha256 is this example's digest;
    // the example's `value` ("usuallyEmpty") stands for the usual empty body.
    const upload = await startUpload(run, 'blobland');
    await run.send({
      method: 'PATCH',
      path: upload.path,
      body: Buffer.from('U29tZXRoaW5nRWxzZQ==', 'base64'),
    });
    const digest = run.param('digest');
    const reply = await run.send({ method: 'PUT', path: `${upload.path}?digest=${digest}` });
    run.compare('PUT', reply, '201', run.response('201').headers);
  },
  'GetBlob.json': async (run) => {
    const bytes = seedBashBlob(run);
    const reply = await run.send({ path: `/v2/${run.param('name')}/blobs/${run.param('digest')}` });
    run.compare('GET', reply, '200', { 'Content-Length': String(bytes.length) });
    run.note('GET body', run.response('200').body, reply.body.toString('base64'));
  },
  'GetBlobChunk.json': async (run) => {
    seedBashBlob(run);
    const reply = await run.send({
      path: `/v2/${run.param('name')}/blobs/${run.param('digest')}`,
      headers: { Range: run.param('Range') },
    });
    run.compare('GET', reply, '206', run.response('206').headers);
    run.note('GET body', run.response('206').body, reply.body.toString('base64'));
  },
  'GetBlobStatus.json': async (run) => {
    const upload = await startUpload(run, 'blobland');
    const reply = await run.send({ path: upload.path });
    run.compare('GET', reply, '204', {
      Range: run.response('204').headers?.Range,
      'Docker-Upload-Uuid': upload.id,
    });
  },
  'GetManifest.json': async (run) => {
    const name = run.param('name');
    const body = run.response('200').body;
    const digest = run.emu.store.putManifest(name, Buffer.from(JSON.stringify(body))).digest;
    run.emu.store.setTag(name, run.param('reference'), digest);
    const reply = await run.send({
      path: `/v2/${name}/manifests/${run.param('reference')}`,
      headers: { Accept: run.param('accept') },
    });
    run.compare(
      'GET',
      reply,
      '200',
      { 'Content-Type': run.param('accept'), 'Docker-Content-Digest': digest },
      body,
    );
  },
  'GetManifestAttributes.json': async (run) => {
    seedNanoserver(run);
    const digest = run.digests.get(run.param('digest')) ?? '';
    const reply = await run.send({ path: acr(run.param('name'), `/_manifests/${digest}`) });
    run.compare('GET', reply, '200', {}, run.expected(run.response('200').body));
  },
  'GetManifestList.json': async (run) => {
    seedNanoserver(run);
    const reply = await run.send({ path: acr(run.param('name'), '/_manifests') });
    // Listed by digest, as ACR lists them: the order of our digests, not the example's.
    const expected = run.expected(run.response('200').body) as { manifests: Array<{ digest: string }> };
    expected.manifests.sort((a, b) => (a.digest < b.digest ? -1 : 1));
    run.compare('GET', reply, '200', {}, expected);
  },
  'GetRepositoryAttributes.json': async (run) => {
    seedNanoserver(run);
    run.compare(
      'GET',
      await run.send({ path: acr(run.param('name')) }),
      '200',
      {},
      run.expected(run.response('200').body),
    );
  },
  'GetRepositoryList.json': async (run) => {
    const { repositories } = run.response('200').body as { repositories: string[] };
    for (const [i, name] of repositories.entries()) {
      storeSizedManifest(run.emu, name, {
        imageSize: 10,
        architecture: 'amd64',
        os: 'linux',
        salt: `repo ${i}`,
      });
    }
    run.compare('GET', await run.send({ path: '/acr/v1/_catalog' }), '200', {}, run.response('200').body);
  },
  'GetTagAttributes.json': async (run) => {
    seedNanoserver(run);
    // The example's request `reference` is not a tag (nor a valid digest); the answer names the tag
    // `tagName` of test/bash, which is what is asked for here.
    const body = run.expected(run.response('200').body) as { imageName: string; tag: { name: string } };
    const reply = await run.send({ path: acr(body.imageName, `/_tags/${body.tag.name}`) });
    run.compare('GET', reply, '200', {}, body);
  },
  'GetTagList.json': async (run) => {
    seedNanoserver(run);
    run.compare(
      'GET',
      await run.send({ path: acr(run.param('name'), '/_tags') }),
      '200',
      {},
      run.expected(run.response('200').body),
    );
  },
  'MountBlob.json': async (run) => {
    seedBashBlob(run);
    // The example swaps the two parameters (`from` holds the digest, `mount` the repository) and
    // its Location names another repository; the distribution spec's meaning is used.
    const name = run.param('name');
    const digest = run.param('from');
    const reply = await run.send({
      method: 'POST',
      path: `/v2/${name}/blobs/uploads/?mount=${digest}&from=${run.param('mount')}`,
    });
    run.compare('POST', reply, '201', {
      'Docker-Content-Digest': run.response('201').headers?.['Docker-Content-Digest'],
      Location: `/v2/${name}/blobs/${digest}`,
    });
  },
  'PostAccessToken.json': async (run) => {
    const exchanged = await run.send({
      method: 'POST',
      path: '/oauth2/exchange',
      headers: FORM_HEADERS,
      body: form({
        grant_type: 'access_token',
        service: run.emu.loginServer,
        access_token: ENTRA_TEST_TOKEN,
      }),
    });
    const { refresh_token } = exchanged.json() as { refresh_token: string };
    const reply = await run.send({
      method: 'POST',
      path: '/oauth2/token',
      headers: FORM_HEADERS,
      body: form({
        grant_type: run.param('grant_type'),
        service: run.emu.loginServer,
        scope: run.param('scope'),
        refresh_token,
      }),
    });
    run.compare('POST', reply, '200', {}, { access_token: JWT });
  },
  'PostRefreshToken.json': async (run) => {
    const reply = await run.send({
      method: 'POST',
      path: '/oauth2/exchange',
      headers: FORM_HEADERS,
      body: form({
        grant_type: run.param('grant_type'),
        service: run.emu.loginServer,
        tenant: run.param('tenant'),
        access_token: ENTRA_TEST_TOKEN,
      }),
    });
    run.compare('POST', reply, '200', {}, { refresh_token: JWT });
  },
  'StartBlobUpload.json': async (run) => {
    // The example's Location names another repository than its request; ours names the request's.
    const name = run.param('name');
    const reply = await run.send({ method: 'POST', path: `/v2/${name}/blobs/uploads/` });
    run.compare('POST', reply, '202', {
      'Docker-Upload-Uuid': UUID,
      Location: uploadLocation(name),
      Range: run.response('202').headers?.Range,
    });
  },
  'UpdateManifestAttributes.json': async (run) => {
    seedNanoserver(run);
    const digest = run.digests.get(run.param('digest')) ?? '';
    const reply = await run.send({
      method: 'PATCH',
      path: acr(run.param('name'), `/_manifests/${digest}`),
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(run.example.parameters.value),
    });
    run.compare('PATCH', reply, '200', {}, run.expected(run.response('200').body));
  },
  'UpdateRepositoryAttributes.json': async (run) => {
    seedNanoserver(run);
    const reply = await run.send({
      method: 'PATCH',
      path: acr(run.param('name')),
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(run.example.parameters.value),
    });
    run.compare('PATCH', reply, '200', {}, run.expected(run.response('200').body));
  },
  'UpdateTagAttributes.json': async (run) => {
    seedNanoserver(run);
    // The request names a nanoserver tag, the documented answer test/bash:tagName (the original's
    // inconsistency): the PATCH goes to the request's tag, and the answer is compared where the two
    // agree: the attributes after the PATCH and the fields every tag body has.
    const name = run.param('name');
    const reference = run.param('reference');
    const reply = await run.send({
      method: 'PATCH',
      path: acr(name, `/_tags/${reference}`),
      headers: { 'Content-Type': 'application/json' },
      body: run.param('value'),
    });
    const documented = run.response('200').body as { tag: { changeableAttributes: unknown } };
    run.compare(
      'PATCH',
      reply,
      '200',
      {},
      {
        registry: run.emu.loginServer,
        imageName: name,
        tag: {
          name: reference,
          digest: run.emu.store.getTag(name, reference)?.digest,
          createdTime: ACR_TIME,
          lastUpdateTime: ACR_TIME,
          changeableAttributes: documented.tag.changeableAttributes,
        },
      },
    );
  },
  'UploadBlob.json': async (run) => {
    const upload = await startUpload(run, 'blobland');
    const reply = await run.send({
      method: 'PATCH',
      path: upload.path,
      body: Buffer.from(run.param('value'), 'base64'),
    });
    run.compare('PATCH', reply, '202', {
      Location: upload.path,
      Range: run.response('202').headers?.Range,
      'Docker-Upload-Uuid': upload.id,
    });
  },
};

export const SCENARIO_FILES = Object.keys(SCENARIOS).sort();

/** Every difference between the example and the emulator's answers (empty: it matches). */
export async function replayExample(
  file: string,
  options: { testMutation?: TestMutation } = {},
): Promise<string[]> {
  const scenario = SCENARIOS[file];
  if (!scenario) throw new Error(`no scenario for the example ${file}`);
  const emu = await startEmulator({
    seed: false,
    admin: ADMIN,
    entra: { verifyAccessToken: (t) => t === ENTRA_TEST_TOKEN },
    ...(options.testMutation ? { testMutation: options.testMutation } : {}),
  });
  try {
    const run = new ExampleRun(emu, loadExample(file));
    await scenario(run);
    return run.found;
  } finally {
    await emu.close();
  }
}
