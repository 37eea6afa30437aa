import {
  buildImage,
  buildIndex,
  storeBuilt,
  type BuiltManifest,
  type RegistryStore,
} from '../../../src/emulator/index.js';

/**
 * A small stand-in for the `library/hello-world` the SDK recordings were made against: an OCI index
 * (tags latest, test-delete, test1) over platform images, each followed by an attestation manifest
 * whose platform is unknown/unknown, as Docker Hub's hello-world has.
 */
export interface HelloWorldSeed {
  repository: 'library/hello-world';
  index: BuiltManifest;
  images: BuiltManifest[];
  attestations: BuiltManifest[];
}

const PLATFORMS = [
  { architecture: 'amd64', os: 'linux' },
  { architecture: 'arm', os: 'linux' },
  { architecture: 'arm64', os: 'linux' },
];

export function buildHelloWorld(): HelloWorldSeed {
  const images = PLATFORMS.map((p) =>
    buildImage({ ...p, files: { hello: `hello from ${p.architecture}\n` } }),
  );
  const attestations = PLATFORMS.map((p) =>
    buildImage({
      architecture: 'unknown',
      os: 'unknown',
      files: { 'attestation.json': `{"for":"${p.architecture}"}` },
    }),
  );
  const entries = images.flatMap((image, i) => [
    { image, architecture: PLATFORMS[i]?.architecture ?? '', os: 'linux' },
    { image: attestations[i] as BuiltManifest, architecture: 'unknown', os: 'unknown' },
  ]);
  // The recordings page through `_manifests` (ordered by digest) and find platform manifests on the
  // first two pages; pick the index annotation so that holds here too.
  const all = [...images, ...attestations].map((m) => m.digest).sort();
  let index = buildIndex(entries);
  for (let salt = 0; [all[0], all[1]].some((d) => (d ?? '') > index.digest); salt++) {
    index = buildIndex(entries, { 'org.example.salt': String(salt) });
  }
  return { repository: 'library/hello-world', index, images, attestations };
}

export function seedHelloWorld(
  store: RegistryStore,
  seed: HelloWorldSeed = buildHelloWorld(),
): HelloWorldSeed {
  storeBuilt(store, seed.repository, seed.index);
  for (const tag of ['latest', 'test-delete', 'test1']) store.setTag(seed.repository, tag, seed.index.digest);
  return seed;
}
