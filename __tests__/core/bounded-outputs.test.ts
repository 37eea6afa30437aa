import { describe, expect, test } from '@jest/globals';
import type { ItemResult, RunReport } from '../../src/core/model/result.js';
import { publishReport } from '../../src/core/platform/publish-report.js';
import { RESULT_LIMIT_BYTES, SUMMARY_LIMIT_BYTES } from '../../src/core/platform/bounded-outputs.js';
import { summarize } from '../../src/core/report/summarize.js';
import { FakePlatform } from '../helpers/fake-platform.js';

const OPEN = { writeEnabled: true, deleteEnabled: true, readEnabled: true, listEnabled: true };
const LOCKED = { ...OPEN, writeEnabled: false, deleteEnabled: false };
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** A run over `n` references, each a tag and its manifest; every 100th tag failed. */
function bigReport(n: number): RunReport {
  const items: ItemResult[] = [];
  for (let i = 0; i < n; i += 1) {
    const digest = `sha256:${i.toString(16).padStart(64, '0')}`;
    const base = {
      target: `app${i}:1`,
      loginServer: 'r.azurecr.io',
      repository: `app${i}`,
      digest,
      before: OPEN,
    };
    items.push({
      ...base,
      ref: `r.azurecr.io/app${i}@${digest}`,
      kind: 'manifest',
      role: 'manifest',
      after: LOCKED,
      status: 'changed',
      matches: true,
    });
    const failed = i % 100 === 99;
    items.push({
      ...base,
      ref: `r.azurecr.io/app${i}:1`,
      kind: 'tag',
      role: 'target',
      tag: '1',
      ...(failed
        ? {
            status: 'failed',
            matches: false,
            error: { kind: 'disallowed', message: `app${i}:1 is locked by someone else` },
          }
        : { status: 'changed', matches: true, after: LOCKED }),
    } as ItemResult);
  }
  return summarize(
    'apply',
    'full-lock',
    { writeEnabled: false, deleteEnabled: false },
    items.map((i) => i.target),
    items,
  );
}

class FilePlatform extends FakePlatform {
  readonly files: string[] = [];
  async writeReportFile(json: string): Promise<string> {
    this.files.push(json);
    return `/tmp/report-${this.files.length}.json`;
  }
}

describe('bounded outputs (defect 10)', () => {
  test('2,000 references: result ≤ 64 KiB with counts, failed first and truncated; the full report in the file', async () => {
    const report = bigReport(2000);
    const fake = new FilePlatform();
    await publishReport(fake, report);
    const result = fake.outputs.get('result') as string;
    expect(bytes(result)).toBeLessThanOrEqual(RESULT_LIMIT_BYTES);
    const parsed = JSON.parse(result) as {
      truncated: boolean;
      summary: { failed: number };
      items: ItemResult[];
    };
    expect(parsed.truncated).toBe(true);
    expect(parsed.summary.failed).toBe(20);
    expect(parsed.items.slice(0, 20).every((i) => i.status === 'failed')).toBe(true);
    expect(fake.outputs.get('report-file')).toBe('/tmp/report-1.json');
    expect((JSON.parse(fake.files[0] as string) as RunReport).items).toHaveLength(4000);
    expect(bytes(fake.summaries[0] as string)).toBeLessThan(SUMMARY_LIMIT_BYTES);
    expect(bytes(fake.outputs.get('digests') as string)).toBeLessThanOrEqual(RESULT_LIMIT_BYTES);
    expect(fake.lines.some((l) => l.includes('digests output holds the first references'))).toBe(true);
    let total = 0;
    for (const value of fake.outputs.values()) total += bytes(value);
    expect(total).toBeLessThan(1024 * 1024);
  });

  test('a summary over the limit is shortened with a note, failed objects first', async () => {
    const fake = new FilePlatform();
    await publishReport(fake, bigReport(6000));
    const summary = fake.summaries[0] as string;
    expect(bytes(summary)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    expect(summary).toMatch(/Shortened: \d+ of 12000 objects are not shown/);
    expect(summary).toContain('app99:1 is locked by someone else');
  });

  test('a small report: result is the whole report, compact, not truncated', async () => {
    const report = bigReport(3);
    const fake = new FilePlatform();
    await publishReport(fake, report);
    expect(fake.outputs.get('result')).toBe(JSON.stringify(report));
  });
});
