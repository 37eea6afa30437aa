import { describe, expect, test } from '@jest/globals';
import { RegistryError } from '../../src/core/errors.js';
import { parsePolicy } from '../../src/core/policy/parse-policy.js';
import { auditVerdict, failingFindings } from '../../src/core/policy/render-audit.js';
import { auditTexts } from './audit-texts.js';
import { MemoryListingRegistry } from './memory-listing-registry.js';
import { digestOf } from './policy-fixtures.js';

const NOW = 10_000_000_000;
const policy = parsePolicy("rules: [{ name: releases, repositories: app, tags: 'v*', mode: lock }]");

/** v1: tag locked, manifest open (the commonest mistake); v2: clean and unlocked (drift). */
function seeded(): MemoryListingRegistry {
  const registry = new MemoryListingRegistry(2)
    .push('app', 'v1', digestOf('one'))
    .push('app', 'v2', digestOf('two'))
    .push('app', 'latest', digestOf('two'));
  registry.tag('app', 'v1').attributes = {
    ...registry.tag('app', 'v1').attributes,
    writeEnabled: false,
    deleteEnabled: false,
  };
  return registry;
}

describe('runAudit', () => {
  test('lists every object of the selection with its findings, one request per page', async () => {
    const registry = seeded();
    const { report } = await auditTexts(registry, policy, { drift: true, nowMs: NOW });
    expect(report.repositories).toBe(1);
    expect(report.objects.map((o) => [o.kind, o.tag ?? o.digest ?? o.repository])).toEqual([
      ['repository', 'app'],
      ['tag', 'latest'],
      ['tag', 'v1'],
      ['tag', 'v2'],
      ['manifest', digestOf('one')],
      ['manifest', digestOf('two')],
    ]);
    expect(report.findings.map((f) => [f.kind, f.object])).toEqual([
      ['tag-locked-manifest-open', 'app:v1'],
      ['drift', 'app:v1'],
      ['drift', 'app:v2'],
    ]);
    expect(registry.readLog).toEqual(['repository', 'tags name', 'tags name', 'manifests name']);
    expect(registry.writes).toBe(0);
  });

  test('without drift, only the half-locked states', async () => {
    const { report } = await auditTexts(seeded(), policy, { drift: false, nowMs: NOW });
    expect(report.findings.map((f) => f.kind)).toEqual(['tag-locked-manifest-open']);
  });

  test('a repository that cannot be read is reported, not thrown', async () => {
    const registry = seeded();
    registry.getRepository = async () => {
      throw new RegistryError('not-found', 'repository app not found');
    };
    const { report, summary } = await auditTexts(registry, policy, { drift: true, nowMs: NOW });
    expect(report.failures).toEqual([
      { repository: 'app', kind: 'not-found', message: 'repository app not found' },
    ]);
    expect(auditVerdict(summary)).toBe(
      '✅ audit of 1 repositories, 0 objects: 0 finding(s), 0 warning(s), 1 repositories not read.',
    );
  });
});

describe('audit texts', () => {
  test('CSV: one quoted row per object with its finding kinds', async () => {
    const { text } = await auditTexts(seeded(), policy, { drift: true, nowMs: NOW });
    const lines = text.csv.split('\r\n');
    expect(lines[0]).toBe(
      '"kind","repository","tag","digest","writeEnabled","deleteEnabled","readEnabled","listEnabled","findings"',
    );
    expect(lines[3]).toBe(
      `"tag","app","v1","${digestOf('one')}","false","false","true","true","tag-locked-manifest-open drift"`,
    );
    expect(lines).toHaveLength(8);
  });

  test('JSON round-trips the report; Markdown and the table lead with the verdict and the findings', async () => {
    const { report, summary, text } = await auditTexts(seeded(), policy, { drift: true, nowMs: NOW });
    expect(JSON.parse(text.json)).toEqual(JSON.parse(JSON.stringify(report)));
    const markdown = text.markdown;
    expect(markdown).toContain('**❌ audit of 1 repositories, 6 objects: 3 finding(s), 0 warning(s).**');
    expect(markdown).toContain('| ❌ tag-locked-manifest-open | `app:v1` |');
    const table = text.table;
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^OBJECT\s+ATTRIBUTES\s+FINDINGS$/);
    // Every object's attributes start under the header's, two spaces after the widest reference.
    const at = (lines[0] ?? '').indexOf('ATTRIBUTES');
    expect(lines.slice(1, 7).map((line) => line.slice(at - 2, at + 1))).toEqual(Array(6).fill('  W'));
    expect(Math.max(...lines.slice(1, 7).map((line) => line.indexOf(' ')))).toBe(at - 2);
    expect(table).toContain(
      "finding drift app:v2: matches rule 1 'releases' (full-lock) but tag write: enabled, want disabled",
    );
    expect(failingFindings(summary)).toHaveLength(3);
  });
});

describe('audit texts written a repository at a time', () => {
  const two = parsePolicy("rules: [{ repositories: [app, team/longer-name], tags: 'v*', mode: lock }]");
  const registry = (): MemoryListingRegistry =>
    seeded()
      .push('team/longer-name', 'v1', digestOf('three'))
      .push('team/longer-name', 'v2', digestOf('three'));

  test('JSON is byte for byte what JSON.stringify makes of the whole report; the report file the same', async () => {
    const { report, text, file } = await auditTexts(registry(), two, { drift: true, nowMs: NOW });
    expect(report.objects).toHaveLength(10);
    expect(text.json).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(file).toBe(text.json);
    const none = await auditTexts(
      new MemoryListingRegistry(),
      parsePolicy('rules: [{ repositories: x, mode: lock }]'),
      {
        drift: false,
        nowMs: NOW,
      },
    );
    expect(none.text.json).toBe(`${JSON.stringify(none.report, null, 2)}\n`);
  });

  test('the job summary lists the first 100 findings and counts the rest; the other texts list them all', async () => {
    const many = new MemoryListingRegistry(100);
    for (let i = 0; i < 130; i += 1) many.push('app', `v${i}`, digestOf(`image ${i}`));
    const { report, text } = await auditTexts(many, policy, { drift: true, nowMs: NOW });
    expect(report.findings).toHaveLength(130);
    const listed = (markdown: string) => markdown.split('\n').filter((l) => l.includes(' drift | `app:v'));
    expect(listed(text.markdown)).toHaveLength(100);
    expect(listed(text.markdown)[99]).toContain(`\`${report.findings[99]?.object}\``);
    expect(text.markdown).toContain('…and 30 more findings (see the report file).');
    expect(text.table.split('\n').filter((l) => l.startsWith('finding drift app:v'))).toHaveLength(130);
    expect(JSON.parse(text.json).findings).toEqual(report.findings);
  });

  test('the table heads each repository with its own columns; with no object, the header alone', async () => {
    const { text } = await auditTexts(registry(), two, { drift: true, nowMs: NOW });
    const lines = text.table.split('\n');
    const headers = lines.flatMap((line, i) => (line.startsWith('OBJECT') ? [i] : []));
    expect(headers).toEqual([0, 8]);
    expect(lines[7]).toBe('');
    for (const [from, to] of [
      [0, 7],
      [8, 13],
    ] as const) {
      const at = (lines[from] ?? '').indexOf('ATTRIBUTES');
      expect(lines.slice(from + 1, to).map((line) => line.slice(at, at + 1))).toEqual(
        Array(to - from - 1).fill('W'),
      );
    }
    // The second repository's references are longer: its columns are wider than the first's.
    expect((lines[8] ?? '').indexOf('ATTRIBUTES') - (lines[0] ?? '').indexOf('ATTRIBUTES')).toBe(
      'team/longer-name'.length - 'app'.length,
    );

    const failed = registry();
    failed.getRepository = async () => {
      throw new RegistryError('not-found', 'gone');
    };
    const none = await auditTexts(failed, two, { drift: true, nowMs: NOW });
    expect(none.text.table).toBe(
      'OBJECT  ATTRIBUTES  FINDINGS\n\nfailed app: gone\nfailed team/longer-name: gone\n' +
        '✅ audit of 2 repositories, 0 objects: 0 finding(s), 0 warning(s), 2 repositories not read.\n',
    );
  });
});
