type NumberArray = Uint8Array | Int32Array | Float64Array;

/**
 * `array`, or a copy of it at least `needed` long (doubling, so appending stays linear), for the
 * audit's columns: numbers in typed arrays cost a few bytes each and nothing to the garbage collector.
 */
export function grown<T extends NumberArray>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}
