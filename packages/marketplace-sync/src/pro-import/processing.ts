import { isObject } from '../core/diff.js';
import type { Outcome } from '../core/types.js';

/** One entry of an ad's action log ("request_id", "created", "action", "state", "external_message"). */
export type LogEntry = { request_id: string; created: string; action: string; state: string; external_message?: unknown };

/** The actions that make an ad what buyers see: storing it, its images, publishing it. */
const WORK = new Set(['create', 'update', 'handle_media', 'publish', 'unpublish']);

export function isLogEntry(value: unknown): value is LogEntry {
  return isObject(value) && typeof value.request_id === 'string' && typeof value.action === 'string' && typeof value.state === 'string';
}

/** The log in the order it happened: by `created`, ties in the order given (the documents' example log is in order). */
export function inOrder(log: readonly unknown[]): LogEntry[] {
  const entries = log.filter(isLogEntry).map((entry, index) => ({ entry, index, at: Date.parse(entry.created) }));
  entries.sort((a, b) => (Number.isNaN(a.at) || Number.isNaN(b.at) || a.at === b.at ? a.index - b.index : a.at - b.at));
  return entries.map((e) => e.entry);
}

export function messageOf(entry: LogEntry): string {
  const message = entry.external_message;
  return `${entry.action}: ${typeof message === 'string' ? message : JSON.stringify(message ?? null)}`;
}

/**
 * What the log says of a live ad's processing: "All actions start with the state processing and transition into
 * done when completed. If there was an error while processing, the action will end up in state error", and "the ad
 * may not be visible on the marketplace if ... a marketplace error occurred — check log messages". So the ad is seen
 * as it should be when the last `handle_media` and the last `publish` did not end in `error`; `pending` while the
 * newest action is still `processing` (or nothing was processed yet); `failed` (to be re-queued with `retry`) when
 * either ended in error. Undefined when the log shows none of that work (only bumps, say): nothing is known against it.
 *
 * @example
 * processingOutcome([{ request_id: 'r', created: '2025-01-15T10:00:02Z', action: 'handle_media', state: 'error', external_message: 'Image x: not found' }]);
 * // { state: 'failed', reason: 'handle_media: Image x: not found' }
 */
export function processingOutcome(log: readonly unknown[]): Outcome | undefined {
  const entries = inOrder(log);
  if (entries.length === 0) return { state: 'pending', note: 'the server has not started processing it yet' };
  const work = entries.filter((e) => WORK.has(e.action));
  const last = work[work.length - 1];
  if (last === undefined) return undefined;
  if (last.state === 'processing') return { state: 'pending', note: `still processing (${last.action} since ${last.created})` };
  const failed = ['handle_media', 'publish']
    .map((action) => work.filter((e) => e.action === action && e.state !== 'processing').at(-1))
    .filter((e): e is LogEntry => e !== undefined && e.state === 'error');
  if (failed.length === 0) return { state: 'ok' };
  return { state: 'failed', reason: failed.map(messageOf).join(' | ') };
}
