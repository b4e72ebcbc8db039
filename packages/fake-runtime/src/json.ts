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
  if (value === undefined) return value;
  // Copied directly (several times faster than a JSON round trip); anything that is not plain JSON data (a class
  // instance other than Date, a bigint, a cycle) takes the round trip itself, so the answer is always the same.
  try {
    return copyJson(value, 0) as T;
  } catch (error) {
    if (error !== NOT_PLAIN) throw error;
    return JSON.parse(JSON.stringify(value)) as T;
  }
}

const NOT_PLAIN = Symbol('not plain JSON data');
const OBJECT_PROTOTYPE = Object.prototype;

/** `value` as `JSON.parse(JSON.stringify(value))` gives it, for plain data; throws NOT_PLAIN for anything else. */
function copyJson(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : null;
  if (typeof value !== 'object' || depth > 500) throw NOT_PLAIN;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      out[i] = item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : copyJson(item, depth + 1);
    }
    return out;
  }
  if (value instanceof Date) return value.toJSON();
  const prototype: unknown = Object.getPrototypeOf(value);
  if ((prototype !== OBJECT_PROTOTYPE && prototype !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function') throw NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    const copied = copyJson(item, depth + 1);
    // JSON.parse makes "__proto__" an own property; an assignment would set the prototype instead.
    if (key === '__proto__') Object.defineProperty(out, key, { value: copied, enumerable: true, writable: true, configurable: true });
    else out[key] = copied;
  }
  return out;
}
