// Soak: 2,000 references in one run of the shared runner against the emulator, with 10% of requests
// answered 429 (Retry-After: 1, capped to 0.2 s here to keep the bench short), 2% answered 5xx and 1%
// of connections dropped, each chosen at random per request. Figures: requests sent (attempts),
// retries, wall time, failures, and how many targets the registry really holds locked afterwards.
import { startEmulator, SAMPLES, type Fault } from '../src/emulator/index.js';
import { handleInvocation } from '../src/runner/handle-invocation.js';
import type { TransportStats } from '../src/acr/http/transport-options.js';
import { FakePlatform } from '../__tests__/helpers/fake-platform.js';
import type { Figures } from './core.js';

const REFERENCES = 2000;
const REPOSITORIES = 20;

/** A small deterministic generator, so every soak sees the same fault sequence. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function benchSoak(): Promise<Figures> {
  const emu = await startEmulator({ admin: { username: 'admin', password: 'soak-admin-pass' } });
  try {
    const source = emu.store.getManifest(SAMPLES.plain.repository, SAMPLES.plain.digest);
    if (!source) throw new Error('the emulator has no sample image');
    const refs: Array<{ repository: string; tag: string }> = [];
    for (let i = 0; i < REFERENCES; i += 1) {
      const repository = `soak/app${i % REPOSITORIES}`;
      // A distinct manifest per reference: the sample's, with an annotation of its own.
      const manifest = JSON.parse(source.bytes.toString('utf8')) as Record<string, unknown>;
      manifest.annotations = { 'soak.index': String(i) };
      for (const blob of source.blobs) emu.store.linkBlob(repository, blob);
      const record = emu.store.putManifest(
        repository,
        Buffer.from(JSON.stringify(manifest)),
        source.mediaType,
      );
      emu.store.setTag(repository, `v${i}`, record.digest);
      refs.push({ repository, tag: `v${i}` });
    }
    const random = mulberry32(2000);
    const injected = { throttled: 0, unavailable: 0, dropped: 0 };
    emu.faults.take = (): Fault[] => {
      const r = random();
      if (r < 0.1) {
        injected.throttled += 1;
        return [{ kind: 'respond', status: 429, headers: { 'Retry-After': '1' }, body: '{"errors":[]}' }];
      }
      if (r < 0.12) {
        injected.unavailable += 1;
        return [{ kind: 'status', status: 503 }];
      }
      if (r < 0.13) {
        injected.dropped += 1;
        return [{ kind: 'drop' }];
      }
      return [];
    };
    emu.clearRequestLog();
    const stats: TransportStats = { requests: 0, retries: 0 };
    const platform = new FakePlatform({
      registry: emu.loginServer,
      'ca-cert': emu.caCertPath,
      username: 'admin',
      password: 'soak-admin-pass',
      image: refs.map((r) => `${r.repository}:${r.tag}`).join('\n'),
    });
    const started = performance.now();
    const outcome = await handleInvocation({
      shell: 'cli',
      platform,
      env: {},
      credentialsHint: '',
      caCertHint: '',
      transport: { maxRetryAfterMs: 200, stats },
    });
    const wallMs = Math.round(performance.now() - started);
    if (outcome.kind !== 'done')
      throw new Error(`soak run ended early: ${'message' in outcome ? outcome.message : outcome.verdict}`);
    let locked = 0;
    for (const { repository, tag } of refs) {
      const t = emu.store.getTag(repository, tag);
      const m = t && emu.store.getManifest(repository, t.digest);
      if (t && m && !t.attributes.writeEnabled && !m.attributes.writeEnabled && !m.attributes.deleteEnabled)
        locked += 1;
    }
    return {
      references: REFERENCES,
      requests: stats.requests,
      retries: stats.retries,
      injected429: injected.throttled,
      injected5xx: injected.unavailable,
      injectedDrops: injected.dropped,
      failedObjects: outcome.report.summary.failed,
      lockedInRegistry: locked,
      wallMs,
    };
  } finally {
    await emu.close();
  }
}
