// The adapter's paging and filter reading, on answers written as a registry sends them.
import { describe, expect, test } from '@jest/globals';
import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { listReferrers, nextLink, type RegistryGet } from '../../src/acr/oci-listings.js';

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

/** Answers from a table of path+query → [headers, body]; records what was asked. */
function registry(pages: Record<string, [Record<string, string>, unknown]>) {
  const asked: string[] = [];
  const get: RegistryGet = async (pathAndQuery) => {
    asked.push(pathAndQuery);
    const page = pages[pathAndQuery];
    const response: PipelineResponse = {
      request: createPipelineRequest({ url: `https://r.example${pathAndQuery}` }),
      status: page ? 200 : 404,
      headers: createHttpHeaders(page?.[0]),
      bodyAsText: page ? JSON.stringify(page[1]) : '{"errors":[{"code":"NOT_FOUND"}]}',
    };
    return response;
  };
  return { get, asked };
}

const index = (...entries: Array<{ digest: string; artifactType?: string }>) => ({
  schemaVersion: 2,
  manifests: entries.map((e) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 1, ...e })),
});

const base = `/v2/app/referrers/${digest(0)}`;

describe('listReferrers', () => {
  test('follows every Link page', async () => {
    const { get, asked } = registry({
      [base]: [{ Link: `<${base}?last=a&n=1>; rel="next"` }, index({ digest: digest(1) })],
      [`${base}?last=a&n=1`]: [{ Link: `<${base}?last=b&n=1>; rel="next"` }, index({ digest: digest(2) })],
      [`${base}?last=b&n=1`]: [{}, index({ digest: digest(3) })],
    });
    const answer = await listReferrers(get, 'app', 'app', digest(0));
    expect(answer).toEqual({
      kind: 'listed',
      filtered: false,
      referrers: [{ digest: digest(1) }, { digest: digest(2) }, { digest: digest(3) }],
    });
    expect(asked).toHaveLength(3);
  });

  test('one listing per type, each sent as artifactType; filtered when the registry says so', async () => {
    const spdx = encodeURIComponent('application/spdx+json');
    const toto = encodeURIComponent('application/vnd.in-toto+json');
    const applied = { 'OCI-Filters-Applied': 'artifactType' };
    const { get, asked } = registry({
      [`${base}?artifactType=${spdx}`]: [
        applied,
        index({ digest: digest(1), artifactType: 'application/spdx+json' }),
      ],
      [`${base}?artifactType=${toto}`]: [
        applied,
        index({ digest: digest(2), artifactType: 'application/vnd.in-toto+json' }),
      ],
    });
    const answer = await listReferrers(get, 'app', 'app', digest(0), [
      'application/spdx+json',
      'application/vnd.in-toto+json',
    ]);
    expect(answer).toMatchObject({ kind: 'listed', filtered: true });
    expect(answer.kind === 'listed' && answer.referrers.map((r) => r.digest)).toEqual([digest(1), digest(2)]);
    expect(asked).toEqual([`${base}?artifactType=${spdx}`, `${base}?artifactType=${toto}`]);
  });

  test('a registry that ignores the filter is asked once, and its list is marked unfiltered', async () => {
    const spdx = encodeURIComponent('application/spdx+json');
    const { get, asked } = registry({
      [`${base}?artifactType=${spdx}`]: [
        {},
        index(
          { digest: digest(1), artifactType: 'application/spdx+json' },
          { digest: digest(2), artifactType: 'x/y' },
        ),
      ],
    });
    const answer = await listReferrers(get, 'app', 'app', digest(0), ['application/spdx+json', 'a/b']);
    expect(answer).toMatchObject({ kind: 'listed', filtered: false });
    expect(answer.kind === 'listed' && answer.referrers).toHaveLength(2);
    expect(asked).toHaveLength(1);
  });

  test('404: the registry has no referrers API', async () => {
    const { get } = registry({});
    expect(await listReferrers(get, 'app', 'app', digest(0))).toEqual({ kind: 'unsupported' });
  });

  test('a page that links to itself is a protocol error, not an endless loop', async () => {
    const { get } = registry({ [base]: [{ Link: `<${base}>; rel="next"` }, index()] });
    await expect(listReferrers(get, 'app', 'app', digest(0))).rejects.toMatchObject({ kind: 'protocol' });
  });

  test('a malformed digest in the index is a protocol error', async () => {
    const { get } = registry({ [base]: [{}, index({ digest: 'sha256:NOT-HEX' })] });
    await expect(listReferrers(get, 'app', 'app', digest(0))).rejects.toMatchObject({ kind: 'protocol' });
  });
});

describe('nextLink', () => {
  test.each([
    [undefined, undefined],
    ['</v2/a/referrers/x?last=1&n=2>; rel="next"', '/v2/a/referrers/x?last=1&n=2'],
    ['</prev>; rel="prev", </v2/next?n=1>; rel=next', '/v2/next?n=1'],
  ])('%s → %s', (header, path) => {
    expect(nextLink(header, 'what')).toBe(path);
  });

  test('a next page on another origin is refused', () => {
    expect(() => nextLink('<https://elsewhere.example/v2/a?n=1>; rel="next"', 'what')).toThrow(
      /another origin/,
    );
  });
});
