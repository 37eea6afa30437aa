import { DEFAULT_ATTRIBUTES, type LockAttributes } from '../../src/core/model/attributes.js';
import type { ManifestListing, TagListing } from '../../src/core/policy/listing.js';

export const NOW = Date.parse('2026-11-30T12:00:00Z');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const LOCKED: LockAttributes = { ...DEFAULT_ATTRIBUTES, writeEnabled: false, deleteEnabled: false };
export const OPEN: LockAttributes = DEFAULT_ATTRIBUTES;

/** `sha256:` and 64 hex digits made from a short label, so tests read `digestOf('a')`. */
export function digestOf(label: string): string {
  const hex = [...label].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  return `sha256:${hex.padEnd(64, '0').slice(0, 64)}`;
}

export function tagListing(
  name: string,
  options: {
    repository?: string;
    digest?: string;
    ageMs?: number;
    attributes?: Partial<LockAttributes>;
  } = {},
): TagListing {
  return {
    repository: options.repository ?? 'app',
    name,
    digest: options.digest ?? digestOf(name),
    lastUpdatedMs: NOW - (options.ageMs ?? DAY),
    attributes: { ...DEFAULT_ATTRIBUTES, ...options.attributes },
  };
}

export function manifestListing(
  digest: string,
  options: {
    repository?: string;
    tags?: string[];
    children?: string[];
    attributes?: Partial<LockAttributes>;
  } = {},
): ManifestListing {
  return {
    repository: options.repository ?? 'app',
    digest,
    attributes: { ...DEFAULT_ATTRIBUTES, ...options.attributes },
    tags: options.tags ?? [],
    children: options.children ?? [],
  };
}
