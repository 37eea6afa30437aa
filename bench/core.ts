// One full-lock of a tag + manifest by the CLI bundle in a fresh process, then the idempotent re-run:
// HTTP requests by kind as the emulator logged them, and wall time (median of several runs).
// Two credential paths: the password grant (admin user) and Entra (client secret → /oauth2/exchange),
// the latter through the real @azure/identity against a local authority.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startEmulator, SAMPLES, type RequestLogEntry, type RunningEmulator } from '../src/emulator/index.js';
import { DEFAULT_ATTRIBUTES } from '../src/core/model/attributes.js';
import { startEntraStub } from '../__tests__/helpers/entra-stub.js';

const run = promisify(execFile);
const RUNS = 5;

export type Figures = Record<string, number>;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const count = (log: readonly RequestLogEntry[], kind: RequestLogEntry['kind']) =>
  log.filter((r) => r.kind === kind).length;

async function measure(
  emu: RunningEmulator,
  label: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  figures: Figures,
): Promise<void> {
  const { repository, tag, digest } = SAMPLES.plain;
  const walls: Record<'cold' | 'rerun', number[]> = { cold: [], rerun: [] };
  for (let i = 0; i < RUNS; i++) {
    emu.store.updateTagAttributes(repository, tag, DEFAULT_ATTRIBUTES);
    emu.store.updateManifestAttributes(repository, digest, DEFAULT_ATTRIBUTES);
    for (const phase of ['cold', 'rerun'] as const) {
      emu.clearRequestLog();
      const started = performance.now();
      await run(process.execPath, ['dist/cli/index.js', 'apply', `${repository}:${tag}`, ...args], { env });
      walls[phase].push(performance.now() - started);
      if (i === 0) {
        const log = [...emu.requestLog];
        for (const kind of ['auth', 'challenge', 'read', 'write'] as const)
          figures[`${label}.${phase}.${kind}`] = count(log, kind);
      }
    }
  }
  figures[`${label}.cold.wallMs`] = Math.round(median(walls.cold));
  figures[`${label}.rerun.wallMs`] = Math.round(median(walls.rerun));
}

export async function benchCore(): Promise<Figures> {
  const app = { tenantId: 'bench-tenant', clientId: 'bench-client', clientSecret: 'bench-secret' };
  const entra = await startEntraStub({ apps: [app] });
  const emu = await startEmulator({
    seed: true,
    entra: { verifyAccessToken: (t) => entra.verifyAccessToken(t) },
  });
  const dir = await mkdtemp(join(tmpdir(), 'acr-lock-bench-'));
  const caBundle = join(dir, 'ca.pem');
  await writeFile(caBundle, `${emu.caCertPem}\n${entra.caCertPem}\n`);
  try {
    const figures: Figures = {};
    const base = ['--registry', emu.loginServer, '--ca-cert', emu.caCertPath];
    const env = { PATH: process.env.PATH, HOME: process.env.HOME };
    await measure(
      emu,
      'password',
      [...base, '-u', emu.admin.username, '-p', emu.admin.password],
      env,
      figures,
    );
    await measure(
      emu,
      'entra',
      base,
      {
        ...env,
        AZURE_TENANT_ID: app.tenantId,
        AZURE_CLIENT_ID: app.clientId,
        AZURE_CLIENT_SECRET: app.clientSecret,
        AZURE_AUTHORITY_HOST: entra.authorityHost,
        NODE_EXTRA_CA_CERTS: caBundle,
      },
      figures,
    );
    return figures;
  } finally {
    await emu.close();
    await entra.close();
  }
}
