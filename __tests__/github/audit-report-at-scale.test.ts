// An audit large enough that its report is written in many pieces (a 2,000-tag repository, an image
// index, a manifest with two tags) through the shells as they run: the action's bundle writing its
// report file (JSON), and the CLI's bundle printing CSV through a pipe. Each holds every object of the
// registry exactly once, with the attributes the emulator holds; a repository the registry refuses
// with an error echoing the password is reported, redacted.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ATTRIBUTE_NAMES, type LockAttributes } from '../../src/core/model/attributes.js';
import { buildImage, buildIndex, storeBuilt } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { runCliBundle } from '../trust/support/run-cli-bundle.js';
import { emulatorInputs, runAction } from './run-action.js';

const ADMIN = { username: 'admin', password: 'Adm1n-pass-Sc4le9' };
const TAGS = 2000;
const emu = withEmulator({ admin: ADMIN, seed: false });
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acr-lock-audit-scale-'));
  for (let i = 0; i < TAGS; i += 1) {
    const image = buildImage({ files: { tag: `big:v${i}` } });
    storeBuilt(emu.store, 'big', image, `v${i}`);
    // Locked tags, locked manifests and quarantined tags, out of step with each other: findings.
    if (i % 3 === 0)
      emu.store.updateTagAttributes('big', `v${i}`, { writeEnabled: false, deleteEnabled: false });
    if (i % 5 === 0) emu.store.updateManifestAttributes('big', image.digest, { deleteEnabled: false });
    if (i % 7 === 0) emu.store.updateTagAttributes('big', `v${i}`, { readEnabled: false });
  }
  emu.store.setTag('big', 'also-v1', emu.store.getTag('big', 'v1')?.digest ?? '');
  const amd64 = buildImage({ files: { arch: 'amd64' } });
  const arm64 = buildImage({ files: { arch: 'arm64' } });
  storeBuilt(emu.store, 'big', amd64);
  storeBuilt(emu.store, 'big', arm64);
  const index = buildIndex([
    { image: amd64, architecture: 'amd64', os: 'linux' },
    { image: arm64, architecture: 'arm64', os: 'linux' },
  ]);
  storeBuilt(emu.store, 'big', index, 'multi');
  emu.store.updateManifestAttributes('big', index.digest, { writeEnabled: false });
  storeBuilt(emu.store, 'refused', buildImage({ files: { tag: 'refused' } }), 'v1');
  // The worst registry: its error for one repository's listing echoes the credentials it was sent.
  emu.faults.add({
    match: { method: 'GET', path: /\/refused\/_tags$/ },
    fault: {
      kind: 'respond',
      status: 404,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        errors: [{ code: `NOPE ${ADMIN.password}`, message: `nope ${ADMIN.password}` }],
      }),
    },
  });
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

/** `tag big:v1` or `manifest big@sha256:…` → attributes: what the registry lists, one entry per object. */
function registryObjects(): Map<string, LockAttributes> {
  const objects = new Map<string, LockAttributes>();
  for (const tag of emu.store.listTags('big')) objects.set(`tag big:${tag.name}`, tag.attributes);
  for (const manifest of emu.store.listManifests('big'))
    objects.set(`manifest big@${manifest.digest}`, manifest.attributes);
  objects.set('repository big', emu.store.getRepository('big')?.attributes ?? ({} as LockAttributes));
  return objects;
}

/** A reported object's key, as registryObjects names it. */
function keyOf(kind?: string, repository?: string, tag?: string, digest?: string): string {
  if (kind === 'tag') return `tag ${repository}:${tag}`;
  return kind === 'manifest' ? `manifest ${repository}@${digest}` : `repository ${repository}`;
}

/** Each reported object's key, counted, and its attributes (the last seen). */
function tally(rows: Array<{ key: string; attributes: LockAttributes }>): {
  counts: Map<string, number>;
  attributes: Map<string, LockAttributes>;
} {
  const counts = new Map<string, number>();
  const attributes = new Map<string, LockAttributes>();
  for (const row of rows) {
    counts.set(row.key, (counts.get(row.key) ?? 0) + 1);
    attributes.set(row.key, row.attributes);
  }
  return { counts, attributes };
}

const only = (attributes: LockAttributes): LockAttributes =>
  Object.fromEntries(ATTRIBUTE_NAMES.map((name) => [name, attributes[name]])) as unknown as LockAttributes;

function expectEveryObjectOnce(rows: Array<{ key: string; attributes: LockAttributes }>): void {
  const expected = registryObjects();
  expect(expected.size).toBe(1 + (TAGS + 2) + (TAGS + 3));
  const { counts, attributes } = tally(rows);
  expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
  expect([...counts.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, want] of expected) expect([key, attributes.get(key)]).toEqual([key, only(want)]);
}

interface ReportFile {
  repositories: number;
  objects: Array<{
    kind: string;
    repository: string;
    tag?: string;
    digest?: string;
    attributes: LockAttributes;
  }>;
  findings: Array<{ kind: string; object: string }>;
  failures: Array<{ repository: string; message: string }>;
}

describe('an audit of a 2,000-tag repository', () => {
  test("the action's report file (JSON) holds every object exactly once; the echoed password is redacted", async () => {
    const temp = await mkdtemp(join(dir, 'runner-temp-'));
    const run = await runAction({
      inputs: { ...emulatorInputs(emu), action: 'audit', repository: '**' },
      env: { RUNNER_TEMP: temp },
    });
    // The refused repository fails the step; the other is reported in full.
    expect(run.code).toBe(1);
    const text = await readFile(run.outputs['report-file'] ?? '', 'utf8');
    expect(text).not.toContain(ADMIN.password);
    const report = JSON.parse(text) as ReportFile;
    expect(report.repositories).toBe(2);
    expectEveryObjectOnce(
      report.objects.map((o) => ({
        key: keyOf(o.kind, o.repository, o.tag, o.digest),
        attributes: o.attributes,
      })),
    );
    expect(report.failures).toEqual([
      expect.objectContaining({ repository: 'refused', message: expect.stringContaining('NOPE ***') }),
    ]);
    const kinds = new Set(report.findings.map((f) => f.kind));
    expect([...kinds].sort()).toEqual([
      'index-child-unlocked',
      'manifest-locked-tags-open',
      'quarantine-readable-by-digest',
      'retention-blocked',
      'tag-locked-manifest-open',
    ]);
    // The output keeps within its cap: counts only, the report file holds the rest.
    expect(JSON.parse(run.outputs.result ?? '')).toEqual({
      repositories: 2,
      objects: report.objects.length,
      findings: report.findings.filter((f) => f.kind !== 'retention-blocked').length,
      truncated: true,
    });
    expect(run.summary).toContain(`…and ${report.objects.length - 50} more objects (see the report file).`);
  }, 60_000);

  test('the CLI prints every object exactly once as CSV through a pipe; the echoed password is redacted', async () => {
    const run = await runCliBundle(
      [
        'audit',
        '--repository',
        '**',
        '--format',
        'csv',
        '--registry',
        emu.loginServer,
        '--ca-cert',
        emu.caCertPath,
      ],
      { under: dir, env: { ACR_LOCK_USERNAME: ADMIN.username, ACR_LOCK_PASSWORD: ADMIN.password } },
    );
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toContain(ADMIN.password);
    const [header, ...rows] = run.stdout
      .split('\r\n')
      .filter((line) => line !== '')
      .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => (m[1] ?? '').replace(/""/g, '"')));
    expect(header).toEqual([
      'kind',
      'repository',
      'tag',
      'digest',
      'writeEnabled',
      'deleteEnabled',
      'readEnabled',
      'listEnabled',
      'findings',
    ]);
    expectEveryObjectOnce(
      rows.map(([kind, repository, tag, digest, ...flags]) => ({
        key: keyOf(kind, repository, tag, digest),
        attributes: Object.fromEntries(
          ATTRIBUTE_NAMES.map((name, i) => [name, flags[i] === 'true']),
        ) as unknown as LockAttributes,
      })),
    );
  }, 60_000);
});
