// A listing page's body as the real adapter reads it over HTTPS from the emulator: read whole within
// its attempt, so a body cut or stalled midway is retried or timed out like any other answer, and a
// body that is not JSON is a protocol error naming the listing. Requests from the emulator's log.
import { describe, expect, test } from '@jest/globals';
import { SdkRegistryClient } from '../../src/acr/sdk-registry-client.js';
import { RegistryError } from '../../src/core/errors.js';
import { LARGE_PAGE_SIZE } from '../../src/core/policy/listing-wire.js';
import { buildImage, storeBuilt, type RunningEmulator } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';

const emu = withEmulator({ seed: false });

function clientOf(e: RunningEmulator, transport: { maxRetries: number; requestTimeoutMs?: number }) {
  return new SdkRegistryClient({
    loginServer: e.loginServer,
    tokenSource: { kind: 'password', ...e.admin },
    access: 'write',
    caCertPem: e.caCertPem,
    transport: { retryDelayMs: 10, ...transport },
  });
}

/** `count` tags on one image; their names as the store holds them, sorted. */
function seedTags(repository: string, count: number): string[] {
  const image = buildImage({ files: { repository } });
  storeBuilt(emu.store, repository, image);
  for (let i = 0; i < count; i += 1) emu.store.setTag(repository, `t${i}`, image.digest);
  return emu.store
    .listTags(repository)
    .map((t) => t.name)
    .sort();
}

async function names(client: SdkRegistryClient, repository: string): Promise<string[]> {
  const read: string[] = [];
  for await (const page of client.listTagPages(repository, 'name')) read.push(...page.map((t) => t.name));
  return read.sort();
}

const tagRequests = (repository: string) =>
  emu.requestLog.filter((e) => e.method === 'GET' && e.path === `/acr/v1/${repository}/_tags`).length;

/** The start of a page of `repository`'s tags, as the faults below send part of it. */
const partialPage = (repository: string) =>
  JSON.stringify({
    registry: emu.loginServer,
    imageName: repository,
    tags: [{ name: 't0', digest: 'sha256:' }],
  });

/** Answers to `repository`'s tag listing that break off after 40 bytes: cut or stalled, `times` times. */
function breakOff(repository: string, how: 'dropAfterBytes' | 'stallAfterBytes', times?: number): void {
  emu.faults.add({
    match: { method: 'GET', path: new RegExp(`/${repository}/_tags$`) },
    ...(times === undefined ? {} : { times }),
    fault: { kind: 'respond', status: 200, body: partialPage(repository), [how]: 40 },
  });
}

describe('a listing page whose body does not arrive whole', () => {
  test.each([
    ['cut', 'dropAfterBytes', 1500, { maxRetries: 2 }],
    ['stalled', 'stallAfterBytes', 1200, { maxRetries: 1, requestTimeoutMs: 300 }],
  ] as const)(
    '%s midway: the page is asked again (a stall after the request timeout), every tag read once',
    async (repository, how, count, transport) => {
      const all = seedTags(repository, count);
      emu.clearRequestLog();
      breakOff(repository, how, 1);
      expect(await names(clientOf(emu, transport), repository)).toEqual(all);
      expect(tagRequests(repository)).toBe(Math.ceil(count / LARGE_PAGE_SIZE) + 1);
    },
  );

  test('cut on every attempt: unavailable, after the retries', async () => {
    seedTags('broken', 10);
    breakOff('broken', 'dropAfterBytes');
    const error = await names(clientOf(emu, { maxRetries: 1 }), 'broken').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ kind: 'unavailable' });
    expect((error as Error).message).toMatch(new RegExp(`^${emu.loginServer}/broken tags: `));
    expect(tagRequests('broken')).toBe(2);
  });

  test('stalled on every attempt: a timeout, not a hang', async () => {
    seedTags('stuck', 10);
    breakOff('stuck', 'stallAfterBytes');
    const error = await names(clientOf(emu, { maxRetries: 0, requestTimeoutMs: 300 }), 'stuck').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({
      kind: 'timeout',
      message: `${emu.loginServer}/stuck tags: no complete answer within 0.3 s.`,
    });
  });

  test('complete but not JSON: a protocol error naming the listing, not retried', async () => {
    seedTags('odd', 10);
    emu.clearRequestLog();
    emu.faults.add({
      match: { method: 'GET', path: /\/odd\/_tags$/ },
      fault: { kind: 'respond', status: 200, body: '<html>maintenance</html>' },
    });
    const error = await names(clientOf(emu, { maxRetries: 2 }), 'odd').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ kind: 'protocol' });
    expect((error as Error).message).toMatch(
      new RegExp(`^${emu.loginServer}/odd tags: odd tag listing: not JSON: .*not valid JSON`),
    );
    expect(tagRequests('odd')).toBe(1);
  });
});
