import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The ACR data-plane reference data vendored in this repository (spec + SDK recordings; see its README). */
export const REFERENCE_DIR = fileURLToPath(new URL('../../../reference/acr-data-plane/', import.meta.url));

export interface RecordedEntry {
  RequestUri: string;
  RequestMethod: string;
  RequestHeaders: Record<string, string | string[]>;
  RequestBody: unknown;
  StatusCode: number;
  ResponseHeaders: Record<string, string | string[]>;
  ResponseBody: unknown;
}

export interface Recording {
  /** Path under recordings/js, e.g. `repository_and_artifact_tests/recording_should_list_tags.json`. */
  name: string;
  entries: RecordedEntry[];
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith('.json') ? [join(dir, d.name)] : [],
  );
}

export function loadRecordings(): Recording[] {
  const root = join(REFERENCE_DIR, 'recordings', 'js');
  return walk(root)
    .sort()
    .map((file) => ({
      name: relative(root, file),
      entries: (JSON.parse(readFileSync(file, 'utf8')) as { Entries: RecordedEntry[] }).Entries,
    }));
}

export function loadSpec(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REFERENCE_DIR, 'spec', 'containerregistry.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}

/**
 * The shape of a JSON value: object keys (recursively) and value types. Arrays become the set of
 * their element shapes, so lengths and values never matter, only structure.
 */
export function shapeOf(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const shapes = [...new Set(value.map((v) => JSON.stringify(shapeOf(v))))].sort();
    return { array: shapes.map((s) => JSON.parse(s) as unknown) };
  }
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .sort()
        .map((k) => [k, shapeOf(obj[k])]),
    );
  }
  return typeof value;
}
