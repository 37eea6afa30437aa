import { InputError } from '../errors.js';
import { quote } from '../references/describe-value.js';
import { readInput } from './input-helpers.js';
import type { InputName, InputReader } from './input-names.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

export interface DurationRule {
  readonly fallbackMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/** A duration: seconds (`90`), or a number with a unit (`500ms`, `30s`, `10m`, `1h`); the fallback when blank. */
export function readDuration(read: InputReader, name: InputName, rule: DurationRule): number {
  const value = readInput(read, name);
  if (value === undefined) return rule.fallbackMs;
  const match = /^(\d{1,9}(?:\.\d{1,3})?)\s*(ms|s|m|h)?$/i.exec(value);
  const ms = match
    ? Math.round(Number(match[1]) * UNIT_MS[(match[2] ?? 's').toLowerCase() as keyof typeof UNIT_MS])
    : Number.NaN;
  if (!(ms >= rule.minMs && ms <= rule.maxMs)) {
    throw new InputError(
      name,
      `${quote(value)} — expected a duration from ${formatDuration(rule.minMs)} to ${formatDuration(rule.maxMs)}: ` +
        'seconds (90) or a number with ms, s, m or h (30s, 10m)',
    );
  }
  return ms;
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
