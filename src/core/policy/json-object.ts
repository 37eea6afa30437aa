/** A JSON object's fields, as `JSON.parse` gives them: to be checked one by one. */
export type JsonObject = Record<string, unknown>;

/** A JSON object (not an array, not null), for the wire formats read here: listings and checkpoints. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
