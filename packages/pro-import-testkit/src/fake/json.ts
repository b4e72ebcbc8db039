/** Plain JSON helpers used by the fake's rules. */

import { cloneJson, isRecord, type JsonObject } from '@x/fake-runtime';

export { cloneJson, isRecord, type JsonObject };

/**
 * Sets an own property, whatever its name: a body key `__proto__` is data (as the server, in Python, stores it), not
 * the object's prototype.
 */
function put(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** An own property only, so `__proto__` or `valueOf` never reads Object.prototype. */
const ownValue = (target: JsonObject, key: string): unknown => (Object.hasOwn(target, key) ? target[key] : undefined);

/**
 * Merges `patch` into `base` the way the API's PUT and PATCH do: absent keys are kept, nested objects merge
 * recursively, arrays and scalars replace, and `null` clears (top-level fields become `null`, nested keys go away).
 */
export function deepMerge(base: JsonObject, patch: JsonObject, nested = false): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) {
      if (nested) delete out[key];
      else put(out, key, null);
      continue;
    }
    const current = ownValue(out, key);
    put(out, key, isRecord(value) && isRecord(current) ? deepMerge(current, value, true) : cloneJson(value));
  }
  return out;
}

/** A merge for factories: like `deepMerge` but `null` is kept as a value (tests may want to send `null`). */
export function mergeOverrides(base: JsonObject, overrides: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const current = ownValue(out, key);
    put(out, key, isRecord(value) && isRecord(current) ? mergeOverrides(current, value) : cloneJson(value));
  }
  return out;
}
