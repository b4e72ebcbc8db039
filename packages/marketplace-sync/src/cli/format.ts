import type { ItemReport } from '../core/apply.js';
import { canonicalJson } from '../core/diff.js';
import type { FieldChange, Json, PlanEntry } from '../core/types.js';

const MAX_TEXT = 120;
const MAX_ITEMS = 10;

/**
 * A value as a report or a line shows it: strings over 120 characters cut to their start with their length, lists
 * over 10 items cut with their count, at every depth. A feed value of megabytes never reaches a report whole.
 *
 * @example
 * shortValue('x'.repeat(5000)); // 'xxxx…(5,000 characters)'
 */
export function shortValue(value: Json | undefined): Json | undefined {
  if (typeof value === 'string') return value.length <= MAX_TEXT ? value : `${value.slice(0, MAX_TEXT)}… (${value.length.toLocaleString('en-US')} characters)`;
  if (Array.isArray(value)) {
    const shown = value.slice(0, MAX_ITEMS).map((v) => shortValue(v) ?? null);
    return value.length <= MAX_ITEMS ? shown : [...shown, `… (${value.length - MAX_ITEMS} more)`];
  }
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shortValue(v) ?? null]));
  return value;
}

/** A change as the report keeps it: its values in their short form. */
export function shortChange(change: FieldChange): FieldChange {
  return { path: change.path, from: shortValue(change.from), to: shortValue(change.to) };
}

/** One value in a line: compact JSON with sorted keys (so both sides read alike), cut at 60 characters. */
function inline(value: Json | undefined): string {
  if (value === undefined) return '(none)';
  const text = canonicalJson(value);
  return text.length <= 60 ? text : `${text.slice(0, 59)}…`;
}

/** `price: [{"amount":100000,…}] → [...]`, `body: "Ad 1." → "Såld!"`: the first five changes of an update, in short. */
export function describeChanges(changes: readonly FieldChange[] | undefined): string {
  const list = changes ?? [];
  const shown = list.slice(0, 5).map((c) => `${c.path}: ${inline(c.from)} → ${inline(c.to)}`);
  return list.length > 5 ? `${shown.join(', ')}, and ${list.length - 5} more` : shown.join(', ');
}

function where(line: number | undefined): string {
  return line !== undefined ? ` (line ${line})` : '';
}

/** One line of the plan (a dry run): `update car-1 (line 3): price: 1 → 2`, `blocked car-2 (line 4): reason; todo`. */
export function describeEntry(entry: PlanEntry): string {
  const head = `${entry.action} ${entry.sourceId}${where(entry.line)}`;
  switch (entry.action) {
    case 'update':
      return `${head}: ${describeChanges(entry.changes)}${entry.note ? ` (${entry.note})` : ''}`;
    case 'blocked':
      return `${head}: ${entry.blocked?.reason}; ${entry.blocked?.todo}`;
    default:
      return entry.note ? `${head}: ${entry.note}` : head;
  }
}

/**
 * One line of an ad's outcome: the action, the ad, its feed line, then the outcome when it says more than the action
 * (`update car-1 (line 3) done: price: 1 → 2`; `blocked car-2 (line 4): reason; todo`, never "blocked ... blocked").
 */
export function describeItem(item: ItemReport): string {
  const head = `${item.action} ${item.sourceId}${where(item.line)}`;
  const parts: string[] = [];
  if (item.action === 'update' && item.changes && item.changes.length > 0) parts.push(describeChanges(item.changes));
  if (item.messages && item.messages.length > 0) parts.push(item.messages.join(' | '));
  else if (item.note) parts.push(item.note);
  const detail = parts.join('; ');
  if (item.outcome === item.action) return detail ? `${head}: ${detail}` : head;
  return `${head} ${item.outcome}${detail ? `: ${detail}` : ''}`;
}
