import { createHash } from 'node:crypto';

/** A JSON value; generators read only these. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with 2-space indent and a trailing newline: the one way the project writes JSON files. */
export function stringifyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The sha256 of a spec snapshot: over each file's path and text, in the order given (config, document, then the
 * catalogues sorted). `loadSpec` and `spec:pull` both use it, so a pulled snapshot's changeset names the hash the
 * loaded snapshot will have.
 */
export function snapshotFilesSha256(files: ReadonlyArray<readonly [path: string, text: string]>): string {
  return sha256(files.map(([path, text]) => `${path}\0${text}`).join('\0'));
}

/** Compares with plain code-unit order, so output does not depend on the machine's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareStrings(key(a), key(b)));
}

/** A copy with every object's keys sorted (arrays keep their order): for data whose key order means nothing. */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => sortKeysDeep(item)) as T;
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareStrings)) out[key] = sortKeysDeep(value[key]);
  return out as T;
}
