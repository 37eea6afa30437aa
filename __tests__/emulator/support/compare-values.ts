/**
 * Value comparison for the reference suites: an expected JSON value in which some leaves are
 * `Check`s (a value the reference cannot fix, such as a timestamp, checked for its form only).
 * Returns every difference as `path: expected …, got …`, so a suite can assert an empty list and
 * the mutation check can assert a non-empty one.
 */
export class Check {
  constructor(
    readonly what: string,
    readonly test: (value: unknown) => boolean,
  ) {}
}

export const ACR_TIME = new Check(
  'an ACR time',
  (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?Z$/.test(v),
);
export const SIZE = new Check(
  'a size in bytes',
  (v) => typeof v === 'number' && Number.isInteger(v) && v > 0,
);
export const JWT = new Check('a JWT', (v) => typeof v === 'string' && /^[\w-]+\.[\w-]+\.[\w-]*$/.test(v));
export const ANY_STRING = new Check('a string', (v) => typeof v === 'string' && v.length > 0);

const show = (v: unknown): string =>
  v instanceof Check ? `<${v.what}>` : (JSON.stringify(v) ?? 'undefined');

/** `extraKeys`: keys the expected object does not name are allowed in the actual one. */
export function differences(
  expected: unknown,
  actual: unknown,
  path = '$',
  options: { extraKeys?: boolean } = {},
): string[] {
  if (expected instanceof Check) {
    return expected.test(actual) ? [] : [`${path}: expected ${show(expected)}, got ${show(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${show(actual)}`];
    if (expected.length !== actual.length) {
      return [`${path}: expected ${expected.length} items, got ${actual.length}`];
    }
    return expected.flatMap((e, i) => differences(e, actual[i], `${path}[${i}]`, options));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return [`${path}: expected an object, got ${show(actual)}`];
    }
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(e), ...(options.extraKeys ? [] : Object.keys(a))])].sort();
    return keys.flatMap((k) => {
      if (!(k in a)) return [`${path}.${k}: missing (expected ${show(e[k])})`];
      if (!(k in e)) return [`${path}.${k}: not expected (got ${show(a[k])})`];
      return differences(e[k], a[k], `${path}.${k}`, options);
    });
  }
  return Object.is(expected, actual) ? [] : [`${path}: expected ${show(expected)}, got ${show(actual)}`];
}
