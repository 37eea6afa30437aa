import {
  buildImage,
  buildIndex,
  storeBuilt,
  type BuiltManifest,
  type RegistryStore,
} from '../../../src/emulator/index.js';

/**
 * A stand-in for the `library/hello-world` the SDK recordings were made against, built so that
 * every value the recordings fix comes out the same here: an OCI index (tags latest, test-delete,
 * test1) whose 22 references have the recorded platforms in the recorded order (each Linux image
 * followed by its unknown/unknown attestation, two Windows images last), plus one untagged image,
 * for the recorded 24 manifests.
 */
export interface HelloWorldSeed {
  repository: 'library/hello-world';
  index: BuiltManifest;
  /** The index's children, in the recorded order. */
  children: BuiltManifest[];
  /** Platform of each child, as the index names it. */
  platforms: Array<{ architecture: string; os: string }>;
  untagged: BuiltManifest;
}

const LINUX = ['amd64', 'arm', 'arm', 'arm', 'arm64', '386', 'mips64le', 'ppc64le', 'riscv64', 's390x'];
/** The recorded order of the index's references. */
const RECORDED_PLATFORMS: ReadonlyArray<{ architecture: string; os: string }> = [
  ...LINUX.flatMap((architecture) => [
    { architecture, os: 'linux' },
    { architecture: 'unknown', os: 'unknown' },
  ]),
  { architecture: 'amd64', os: 'windows' },
  { architecture: 'amd64', os: 'windows' },
];

function build(salt: number): HelloWorldSeed {
  const children = RECORDED_PLATFORMS.map((p, i) =>
    buildImage({
      ...p,
      files: { [p.architecture === 'unknown' ? 'attestation.json' : 'hello']: `${i} ${salt}\n` },
    }),
  );
  const untagged = buildImage({ files: { hello: `older build ${salt}\n` } });
  const index = buildIndex(
    children.map((image, i) => ({ image, ...(RECORDED_PLATFORMS[i] ?? { architecture: '', os: '' }) })),
  );
  return { repository: 'library/hello-world', index, children, platforms: [...RECORDED_PLATFORMS], untagged };
}

/**
 * The recordings page through `_manifests?n=1` (ordered by digest) and find an attestation first and
 * an arm/linux image second; the first salt that makes that hold here is used (deterministic).
 */
function buildHelloWorld(): HelloWorldSeed {
  for (let salt = 0; ; salt++) {
    const seed = build(salt);
    const byDigest = [
      ...seed.children.map((c, i) => ({ digest: c.digest, p: seed.platforms[i] })),
      { digest: seed.untagged.digest, p: undefined },
      { digest: seed.index.digest, p: undefined },
    ].sort((a, b) => (a.digest < b.digest ? -1 : 1));
    if (byDigest[0]?.p?.architecture === 'unknown' && byDigest[1]?.p?.architecture === 'arm') return seed;
  }
}

export function seedHelloWorld(
  store: RegistryStore,
  seed: HelloWorldSeed = buildHelloWorld(),
): HelloWorldSeed {
  storeBuilt(store, seed.repository, seed.untagged);
  storeBuilt(store, seed.repository, seed.index);
  for (const tag of ['latest', 'test-delete', 'test1']) store.setTag(seed.repository, tag, seed.index.digest);
  return seed;
}
