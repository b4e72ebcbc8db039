import { compareStrings } from '@x/generator-core';

/** A plain object built from entries sorted by key, so emitted literals do not depend on input order. */
export function sortedRecord<T>(entries: ReadonlyArray<readonly [string, T]>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of [...entries].sort((a, b) => compareStrings(a[0], b[0]))) out[key] = value;
  return out;
}
