import { startEmulator, type RunningEmulator, type TestMutation } from '../../../src/emulator/index.js';
import { ENTRA_TEST_TOKEN } from '../../helpers/emulator-fixture.js';
import { ACR_TIME, ANY_STRING, JWT, SIZE, differences } from './compare-values.js';
import { seedHelloWorld, type HelloWorldSeed } from './hello-world-seed.js';
import { call, type Reply } from './https-client.js';
import { loadRecordings, type RecordedEntry, type Recording } from './reference-data.js';

/**
 * Replays a recording of the official SDK against a real registry, request by request, and
 * compares by value: status, the body (attributes after each PATCH, names, tags, digests, counts,
 * platforms, error codes and messages), the challenge (parameters, scope, error), the `Link` and
 * the content type. Hosts, tokens and digests in the recordings are not ours, so they are
 * substituted: our login server for the recorded one, our Entra test token for the sanitized AAD
 * token, the refresh/access tokens we were given, and each recorded digest for the digest of the
 * object that plays its part in our hello-world seed (the recorded index and its 22 references, in
 * order). Values the recording cannot fix (times, sizes of other content, token strings, sanitized
 * tag names in lists) are checked for their form only.
 */
const DIGEST = /sha256:[0-9a-f]{64}/g;
const ENCODED_DIGEST = /sha256%3A[0-9a-f]{64}/g;

const TIME_KEYS = new Set(['createdTime', 'lastUpdateTime']);
const TOKEN_KEYS = new Set(['access_token', 'refresh_token']);

/** Recorded digest → ours, from the one recording that shows the whole index. */
function digestMap(recordings: readonly Recording[], seed: HelloWorldSeed): Map<string, string> {
  const full = recordings.find((r) => r.name.endsWith('registry_artifact_properties_for_a_tag.json'));
  const body = full?.entries.at(-1)?.ResponseBody as
    { manifest: { digest: string; references: Array<{ digest: string }> } } | undefined;
  if (!body) throw new Error('the recording with the whole hello-world index is missing');
  const map = new Map<string, string>([[body.manifest.digest, seed.index.digest]]);
  body.manifest.references.forEach((r, i) => map.set(r.digest, seed.children[i]?.digest ?? ''));
  return map;
}

class Replayer {
  private refreshToken = '';
  private accessToken = '';

  constructor(
    private readonly emu: RunningEmulator,
    private readonly digests: ReadonlyMap<string, string>,
  ) {}

  mapDigests(text: string): string {
    return text
      .replace(DIGEST, (d) => this.digests.get(d) ?? d)
      .replace(ENCODED_DIGEST, (d) =>
        encodeURIComponent(this.digests.get(decodeURIComponent(d)) ?? decodeURIComponent(d)),
      );
  }

  private body(entry: RecordedEntry): string | undefined {
    if (entry.RequestBody === null || entry.RequestBody === undefined) return undefined;
    if (typeof entry.RequestBody !== 'string') return JSON.stringify(entry.RequestBody);
    const form = new URLSearchParams(entry.RequestBody);
    if (form.has('service')) form.set('service', this.emu.loginServer);
    if (form.get('access_token') === 'SecretPlaceholder') form.set('access_token', ENTRA_TEST_TOKEN);
    if (form.get('refresh_token')) form.set('refresh_token', this.refreshToken);
    return form.toString();
  }

  async send(entry: RecordedEntry): Promise<Reply> {
    const url = new URL(entry.RequestUri);
    const headers: Record<string, string> = {};
    const contentType = entry.RequestHeaders['Content-Type'];
    if (typeof contentType === 'string') headers['Content-Type'] = contentType;
    if (entry.RequestHeaders.Authorization !== undefined)
      headers.Authorization = `Bearer ${this.accessToken}`;
    const body = this.body(entry);
    const reply = await call(this.emu, {
      method: entry.RequestMethod,
      path: this.mapDigests(url.pathname + url.search),
      headers,
      ...(body === undefined ? {} : { body }),
    });
    if (reply.status === 200 && url.pathname === '/oauth2/exchange') {
      this.refreshToken = (reply.json() as { refresh_token: string }).refresh_token;
    }
    if (reply.status === 200 && url.pathname === '/oauth2/token') {
      this.accessToken = (reply.json() as { access_token: string }).access_token;
    }
    return reply;
  }

  /** The recorded body as the value we must answer (see the file comment). */
  expectedBody(entry: RecordedEntry): unknown {
    const tagInUrl = /\/_tags\/([^/?]+)/.exec(entry.RequestUri)?.[1];
    const walk = (value: unknown, key?: string): unknown => {
      if (Array.isArray(value)) return value.map((v) => walk(v));
      if (value !== null && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
      }
      if (key === 'registry') return this.emu.loginServer;
      if (key !== undefined && TIME_KEYS.has(key)) return ACR_TIME;
      if (key === 'imageSize') return SIZE;
      if (key !== undefined && TOKEN_KEYS.has(key)) return JWT;
      if (key === 'name' && value === 'Sanitized')
        return tagInUrl ? decodeURIComponent(tagInUrl) : ANY_STRING;
      return typeof value === 'string' ? this.mapDigests(value) : value;
    };
    return walk(entry.ResponseBody);
  }

  /** Recorded `Link`, with our digests in place of the recorded ones. */
  expectedLink(entry: RecordedEntry): string | undefined {
    const link = entry.ResponseHeaders.Link;
    return typeof link === 'string' ? this.mapDigests(link) : undefined;
  }
}

function challengeOf(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'string') return undefined;
  return Object.fromEntries([...value.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

/** What a challenge must agree on: the parameter names, the scope asked for and the error. */
function challengeSummary(value: unknown): unknown {
  const params = challengeOf(value);
  return params && { params: Object.keys(params).sort(), scope: params.scope, error: params.error };
}

export const RECORDINGS = loadRecordings();

/** Every difference between the recording and the emulator's answers (empty: it matches). */
export async function replayRecording(
  recording: Recording,
  options: { testMutation?: TestMutation } = {},
): Promise<string[]> {
  const emu = await startEmulator({
    seed: false,
    anonymousPull: recording.name.startsWith('anonymous_access_tests'),
    entra: { verifyAccessToken: (t) => t === ENTRA_TEST_TOKEN },
    ...(options.testMutation ? { testMutation: options.testMutation } : {}),
  });
  try {
    const replayer = new Replayer(emu, digestMap(RECORDINGS, seedHelloWorld(emu.store)));
    const found: string[] = [];
    for (const [i, entry] of recording.entries.entries()) {
      const where = `#${i} ${entry.RequestMethod} ${new URL(entry.RequestUri).pathname}`;
      const reply = await replayer.send(entry);
      const note = (what: string, expected: unknown, actual: unknown): void => {
        found.push(...differences(expected, actual, what).map((d) => `${where} ${d}`));
      };
      note('status', entry.StatusCode, reply.status);
      note('body', replayer.expectedBody(entry), reply.text === '' ? null : reply.json());
      note(
        'challenge',
        challengeSummary(entry.ResponseHeaders['WWW-Authenticate']) ?? null,
        challengeSummary(reply.headers['www-authenticate']) ?? null,
      );
      note('link', replayer.expectedLink(entry) ?? null, reply.headers.link ?? null);
      const recordedType = entry.ResponseHeaders['Content-Type'];
      if (typeof recordedType === 'string') note('content-type', recordedType, reply.headers['content-type']);
    }
    return found;
  } finally {
    await emu.close();
  }
}
