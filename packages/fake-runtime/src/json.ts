/**
 * A JSON object as a fake stores and answers it.
 *
 * @example
 * const body: JsonObject = { title: 'My Listing', price: { type: 'FIXED', amount: 100 } };
 */
export type JsonObject = Record<string, unknown>;

/**
 * Whether a parsed JSON value is an object (not `null`, not an array).
 *
 * @example
 * isRecord(JSON.parse('{"a": 1}')); // true
 * isRecord(JSON.parse('[1]'));      // false
 */
export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A deep copy of JSON data, so stored state never shares objects with requests, responses or snapshots.
 *
 * @example
 * const stored = cloneJson(requestBody); // later changes to requestBody do not reach the stored copy
 */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
