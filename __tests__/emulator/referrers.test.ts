import { afterAll, describe, expect, test } from '@jest/globals';
import { dirname } from 'node:path';
import { SAMPLES, buildArtifact, buildImage, buildIndex } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { azFor, skipAz, type Az } from './support/az.js';
import type { Reply } from './support/https-client.js';
import { get, pushImage } from './support/registry-calls.js';
import { skipSkopeo, skopeo } from './support/skopeo.js';

/**
 * The referrers API as OCI distribution 1.1 describes it: an image index of the manifests whose
 * `subject` is the digest, the `artifactType` filter reported in `OCI-Filters-Applied`, and paging
 * through `Link` (the page size is an emulator option, small here to force paging). Also the
 * supply-chain sample those features exist for.
 */
interface ReferrersIndex {
  schemaVersion: number;
  mediaType: string;
  manifests: Array<{ digest: string; artifactType?: string; mediaType: string; size: number }>;
}

describe('referrers API', () => {
  const emu = withEmulator({ referrersPageSize: 2 });
  const chain = SAMPLES.supplyChain;

  /** Follows `Link` from the first page; returns every page's digests and the raw replies. */
  async function allPages(
    repository: string,
    firstPath: string,
  ): Promise<{ pages: string[][]; replies: Reply[] }> {
    const pages: string[][] = [];
    const replies: Reply[] = [];
    let path: string | undefined = firstPath;
    while (path) {
      const reply = await get(emu, path);
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe('application/vnd.oci.image.index.v1+json');
      replies.push(reply);
      pages.push((reply.json() as ReferrersIndex).manifests.map((m) => m.digest));
      const link = reply.headers.link;
      path = typeof link === 'string' ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
      if (typeof link === 'string') expect(path).toMatch(new RegExp(`^/v2/${repository}/referrers/`));
    }
    return { pages, replies };
  }

  test('the signed multi-arch sample: the index is signed, each platform has an SBOM and an attestation', async () => {
    const index = (
      await get(emu, `/v2/${chain.repository}/referrers/${chain.digest}`)
    ).json() as ReferrersIndex;
    expect(index).toMatchObject({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json' });
    expect(index.manifests).toEqual([
      expect.objectContaining({
        digest: chain.signature,
        artifactType: 'application/vnd.cncf.notary.signature',
      }),
    ]);
    for (const [i, child] of chain.children.entries()) {
      const { pages } = await allPages(chain.repository, `/v2/${chain.repository}/referrers/${child}`);
      expect(pages.flat().sort()).toEqual([chain.sboms[i], chain.attestations[i]].sort());
      const sbomReferrers = (
        await get(emu, `/v2/${chain.repository}/referrers/${chain.sboms[i]}`)
      ).json() as ReferrersIndex;
      expect(sbomReferrers.manifests.map((m) => [m.digest, m.artifactType])).toEqual([
        [chain.sbomSignatures[i], 'application/vnd.cncf.notary.signature'],
      ]);
    }
  });

  test('paging: at most the page size per answer, a Link to the next page, every referrer once, in digest order', async () => {
    const subject = buildImage({ files: { f: 'many referrers\n' } });
    const repo = 'referrers/paging';
    expect((await pushImage(emu, repo, subject, 'v1')).status).toBe(201);
    const referrers = [];
    for (let i = 0; i < 5; i++) {
      const artifact = buildArtifact({
        artifactType: i % 2 === 0 ? 'application/spdx+json' : 'application/vnd.in-toto+json',
        subject,
        layer: { mediaType: 'text/plain', content: `referrer ${i}` },
      });
      expect((await pushImage(emu, repo, artifact)).status).toBe(201);
      referrers.push(artifact);
    }
    const { pages, replies } = await allPages(repo, `/v2/${repo}/referrers/${subject.digest}`);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(referrers.map((r) => r.digest).sort());
    expect(replies[0]?.headers.link).toBe(
      `</v2/${repo}/referrers/${subject.digest}?last=${encodeURIComponent(pages[0]?.[1] ?? '')}&n=2>; rel="next"`,
    );
    expect(replies.every((r) => r.headers['oci-filters-applied'] === undefined)).toBe(true);

    // A client may ask for less than the page size, never for more.
    const one = await get(emu, `/v2/${repo}/referrers/${subject.digest}?n=1`);
    expect((one.json() as ReferrersIndex).manifests).toHaveLength(1);
    const many = await get(emu, `/v2/${repo}/referrers/${subject.digest}?n=50`);
    expect((many.json() as ReferrersIndex).manifests).toHaveLength(2);

    // artifactType filtering happens before paging, is kept in the Link and is reported on every page.
    const sbomType = encodeURIComponent('application/spdx+json');
    const filtered = await allPages(repo, `/v2/${repo}/referrers/${subject.digest}?artifactType=${sbomType}`);
    expect(filtered.pages.map((p) => p.length)).toEqual([2, 1]);
    expect(filtered.pages.flat()).toEqual(
      referrers
        .filter((_, i) => i % 2 === 0)
        .map((r) => r.digest)
        .sort(),
    );
    expect(filtered.replies.map((r) => r.headers['oci-filters-applied'])).toEqual([
      'artifactType',
      'artifactType',
    ]);
    expect(filtered.replies[0]?.headers.link).toContain(`&artifactType=${sbomType}>`);
  });

  test('a subject that is an index child is found from the child, not from the index', async () => {
    const amd64 = buildImage({ architecture: 'amd64', files: { f: 'child subject\n' } });
    const index = buildIndex([{ image: amd64, architecture: 'amd64', os: 'linux' }]);
    const repo = 'referrers/children';
    expect((await pushImage(emu, repo, index, 'v1')).status).toBe(201);
    const attestation = buildArtifact({
      artifactType: 'application/vnd.in-toto+json',
      subject: amd64,
      layer: { mediaType: 'application/vnd.in-toto+json', content: '{}' },
    });
    const pushed = await pushImage(emu, repo, attestation);
    expect(pushed.headers['oci-subject']).toBe(amd64.digest);
    const fromChild = (await get(emu, `/v2/${repo}/referrers/${amd64.digest}`)).json() as ReferrersIndex;
    expect(fromChild.manifests.map((m) => m.digest)).toEqual([attestation.digest]);
    const fromIndex = (await get(emu, `/v2/${repo}/referrers/${index.digest}`)).json() as ReferrersIndex;
    expect(fromIndex.manifests).toEqual([]);
  });

  test('the cosign-style signature is found by its sha256-<hex>.sig tag (skopeo where installed)', async () => {
    const byTag = await get(emu, `/v2/${chain.repository}/manifests/${chain.cosignTag}`);
    expect(byTag.status).toBe(200);
    expect(byTag.headers['docker-content-digest']).toBe(chain.cosignSignature);
    const tags = (await get(emu, `/v2/${chain.repository}/tags/list`)).json() as { tags: string[] };
    expect(tags.tags).toEqual([chain.tag, chain.cosignTag].sort());
    if (skipSkopeo) return;
    const inspected = await skopeo([
      'inspect',
      '--raw',
      '--cert-dir',
      dirname(emu.caCertPath),
      '--creds',
      `${emu.admin.username}:${emu.admin.password}`,
      `docker://${emu.loginServer}/${chain.repository}:${chain.cosignTag}`,
    ]);
    expect(inspected.code).toBe(0);
    expect(JSON.parse(inspected.stdout)).toMatchObject({
      layers: [{ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json' }],
    });
  });
});

(skipAz ? describe.skip : describe)('referrers paging seen by az', () => {
  const emu = withEmulator({ referrersPageSize: 1, admin: { username: 'admin', password: 'referrers-pw' } });
  let az: Az | undefined;
  afterAll(async () => {
    await az?.dispose();
  });

  test('az acr manifest list-referrers follows the Link pages and finds every referrer', async () => {
    az = await azFor(emu);
    const chain = SAMPLES.supplyChain;
    const listed = (await az.manifest('list-referrers', `${chain.repository}@${chain.children[0]}`)) as {
      manifests: Array<{ digest: string; artifactType: string }>;
    };
    expect(listed.manifests.map((m) => m.digest).sort()).toEqual(
      [chain.sboms[0], chain.attestations[0]].sort(),
    );
    expect(emu.requestLog.filter((e) => e.path.includes('/referrers/') && e.status === 200)).toHaveLength(2);
  }, 60_000);
});
