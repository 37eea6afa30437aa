// One version: package.json's, and every other place that carries it says the same.
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { VERSION } from '../../src/version.js';

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const pkg = json('package.json') as { version: string };

describe('the version', () => {
  test('is MAJOR.MINOR.PATCH in package.json', () => {
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test("src/version.ts (the CLI and the user agent read it) is package.json's", () => {
    expect(VERSION).toBe(pkg.version);
  });

  test("task.json's Major.Minor.Patch is package.json's", () => {
    const { Major, Minor, Patch } = (json('task.json') as { version: Record<string, number> }).version;
    expect(`${Major}.${Minor}.${Patch}`).toBe(pkg.version);
  });

  test("vss-extension.json's version is package.json's", () => {
    expect(json('vss-extension.json').version).toBe(pkg.version);
  });
});
