import type { QuerySerializer } from '@x/client-runtime';

/**
 * `2026-01-31T08:05:09.123Z` -> `2026-01-31 08:05:09`: the API's filter date format, always in UTC.
 *
 * @example
 * formatApiDate(new Date('2026-01-31T08:05:09Z')); // '2026-01-31 08:05:09'
 */
export function formatApiDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new TypeError('cannot format an invalid Date as a filter value');
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Query values as the API reads them: `Date` -> `YYYY-MM-DD HH:MM:SS` (UTC), arrays -> comma separated
 * (`source_id__in`), `undefined` dropped.
 */
export const serializeQuery: QuerySerializer = (query) => {
  const out: Record<string, string | number | boolean> = {};
  if (query === undefined) return out;
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (value instanceof Date) out[key] = formatApiDate(value);
    else if (Array.isArray(value)) out[key] = value.map(String).join(',');
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else throw new TypeError(`query parameter "${key}" must be a string, number, boolean, Date or array, got ${typeof value}`);
  }
  return out;
};
