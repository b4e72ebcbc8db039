import { createHash } from 'node:crypto';
import type { FieldChange, Json, JsonObject } from './types.js';

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** JSON with object keys sorted at every level, so equal data always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A short, stable fingerprint of a comparable ad (sha256 of its canonical JSON, 24 hex digits). */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 24);
}

function equal(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * The field-level differences between two comparable ads: objects are compared key by key (so a changed
 * `category_fields.mileage` is one change), arrays and scalars as a whole. `skip(path)` leaves a path out.
 */
export function diff(from: JsonObject, to: JsonObject, skip: (path: string) => boolean = () => false, prefix = ''): FieldChange[] {
  const changes: FieldChange[] = [];
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
  for (const key of keys) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (skip(path)) continue;
    const a = from[key];
    const b = to[key];
    if (isObject(a) && isObject(b)) {
      changes.push(...diff(a, b, skip, path));
      continue;
    }
    if (!equal(a, b)) changes.push({ path, from: a as Json | undefined, to: b as Json | undefined });
  }
  return changes;
}
