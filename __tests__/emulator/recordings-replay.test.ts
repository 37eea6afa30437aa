import { describe, expect, test } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ENTRA_TEST_TOKEN } from '../helpers/emulator-fixture.js';
import { call, type Reply } from './support/https-client.js';
import { seedHelloWorld } from './support/hello-world-seed.js';
import { loadRecordings, shapeOf, type RecordedEntry, type Recording } from './support/reference-data.js';

/**
 * Replays every recording of the official SDK against a real registry, request by request, and
 * compares status codes, body shapes and the auth/paging headers. Hosts, tokens and digests in the
 * recordings are not ours, so they are substituted: our Entra test token for the sanitized AAD token,
 * the refresh/access tokens we were given, and our digests for the recorded ones (learned by
 * aligning each recorded body with ours, plus one seeded up front).
 */
const DIGEST = /sha256:[0-9a-f]{64}/g;
const ENCODED_DIGEST = /sha256%3A[0-9a-f]{64}/g;

class Replayer {
  private refreshToken = '';
  private accessToken = '';
  readonly digests = new Map<string, string>();

  constructor(private readonly emu: RunningEmulator) {}

  private mapDigests(text: string): string {
    return text
      .replace(DIGEST, (d) => this.digests.get(d) ?? d)
      .replace(ENCODED_DIGEST, (d) =>
        encodeURIComponent(this.digests.get(decodeURIComponent(d)) ?? decodeURIComponent(d)),
      );
  }

  /** Learns recorded → emulator digests from two bodies of the same shape. */
  learn(recorded: unknown, ours: unknown): void {
    if (typeof recorded === 'string' && typeof ours === 'string') {
      if (
        /^sha256:[0-9a-f]{64}$/.test(recorded) &&
        /^sha256:[0-9a-f]{64}$/.test(ours) &&
        !this.digests.has(recorded)
      ) {
        this.digests.set(recorded, ours);
      }
    } else if (Array.isArray(recorded) && Array.isArray(ours)) {
      recorded.forEach((r, i) => this.learn(r, ours[i]));
    } else if (recorded && ours && typeof recorded === 'object' && typeof ours === 'object') {
      for (const [k, v] of Object.entries(recorded)) this.learn(v, (ours as Record<string, unknown>)[k]);
    }
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

const recordings = loadRecordings();

describe('SDK recordings replayed against the emulator', () => {
  test('the reference recordings are there', () => {
    expect(recordings.length).toBeGreaterThanOrEqual(10);
  });

  test.each(recordings.map((r): [string, Recording] => [r.name, r]))('%s', async (_name, recording) => {
    const anonymous = recording.name.startsWith('anonymous_access_tests');
    const emu = await startEmulator({
      seed: false,
      anonymousPull: anonymous,
      entra: { verifyAccessToken: (t) => t === ENTRA_TEST_TOKEN },
    });
    try {
      const seed = seedHelloWorld(emu.store);
      const replayer = new Replayer(emu);
      // Used in a URL before any body names it: a platform-less (unknown/unknown) manifest.
      replayer.digests.set(
        'sha256:1f11fbd1720fcae3e402fc3eecb7d57c67023d2d1e11becc99ad9c7fe97d65ca',
        seed.attestations[0]?.digest ?? '',
      );
      for (const [i, entry] of recording.entries.entries()) {
        const where = `${recording.name} #${i} ${entry.RequestMethod} ${entry.RequestUri}`;
        const reply = await replayer.send(entry);
        expect({ where, status: reply.status }).toEqual({ where, status: entry.StatusCode });

        const ours: unknown = reply.text === '' ? null : reply.json();
        expect({ where, shape: shapeOf(ours) }).toEqual({ where, shape: shapeOf(entry.ResponseBody) });
        replayer.learn(entry.ResponseBody, ours);

        expect({ where, challenge: challengeSummary(reply.headers['www-authenticate']) }).toEqual({
          where,
          challenge: challengeSummary(entry.ResponseHeaders['WWW-Authenticate']),
        });
        expect({ where, link: reply.headers.link }).toEqual({ where, link: replayer.expectedLink(entry) });
        const recordedType = entry.ResponseHeaders['Content-Type'];
        if (typeof recordedType === 'string') {
          expect({ where, type: reply.headers['content-type'] }).toEqual({ where, type: recordedType });
        }
      }
    } finally {
      await emu.close();
    }
  });
});
