import { fillPath, type AmbiguousCreateResolver, type OperationSpec, type Sent } from '@x/client-runtime';
import { ProImportHttpError, ProImportNotFoundError, ProImportOutcomeUnknownError, ProImportValidationError } from './errors.js';

/**
 * Whether a stored ad is what a create sent: every field that was sent and that the stored ad also has must be
 * deep-equal. Fields only requests have (`image_urls`) cannot be compared and are skipped; objects compare the sent
 * keys recursively (the server may add fields, e.g. defaults inside `category_fields`); arrays compare item by item
 * and must have the same length.
 */
export function matchesSent(sent: unknown, stored: unknown): boolean {
  if (sent === stored) return true;
  if (Array.isArray(sent)) {
    return Array.isArray(stored) && sent.length === stored.length && sent.every((item, i) => matchesSent(item, stored[i]));
  }
  if (isObject(sent)) {
    if (!isObject(stored)) return false;
    return Object.entries(sent).every(([key, value]) => value === undefined || matchesSent(value, stored[key]));
  }
  return false;
}

/** Free-text fields a server may normalise on the way in. */
const FREE_TEXT = new Set(['title', 'body']);

/**
 * Whether stored text is what was sent. The documents describe no rewriting of text, so equal text matches; the
 * comparison also tolerates what a Django REST Framework CharField does by default (trim surrounding whitespace) and
 * the `<`/`>` to `-` rewriting an earlier digest claimed, so neither can turn the caller's own ad into a
 * "source_id already exists" error. Tolerating them costs nothing when the server does not do it.
 */
function sameText(sent: string, stored: unknown): boolean {
  if (typeof stored !== 'string') return false;
  const candidates = [sent, sent.trim(), sent.replace(/[<>]/g, '-'), sent.trim().replace(/[<>]/g, '-')];
  return candidates.includes(stored);
}

/** The top-level comparison: only the fields the stored ad has; free text as a server may store it. */
export function sentFieldsMatch(sent: unknown, stored: unknown): boolean {
  if (!isObject(sent) || !isObject(stored)) return false;
  return Object.entries(sent).every(([key, value]) => {
    if (!(key in stored)) return true;
    if (FREE_TEXT.has(key) && typeof value === 'string') return sameText(value, stored[key]);
    return matchesSent(value, stored[key]);
  });
}

/** Whether a 400 body is about the `source_id` (the "already used" answer a retried create can meet). */
export function mentionsSourceId(body: unknown): boolean {
  if (isObject(body)) return 'source_id' in body;
  if (Array.isArray(body)) return body.some((m) => typeof m === 'string' && /source_id/i.test(m));
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A failure that a later attempt might not meet: no answer, 408, 429 or 5xx. */
function transient(error: unknown): boolean {
  if (!(error instanceof ProImportHttpError)) return false;
  return error.status === undefined || error.status === 408 || error.status === 429 || error.status >= 500;
}

/**
 * A create may have reached the server without the caller seeing the answer (lost, timed out, or a 500/502/504
 * after the work), and it is about to fail: the retry was refused because the source_id is taken (by our own first
 * attempt?), or the retries ran out. Read the ad back (a GET, retried like every read); when what we sent matches
 * it, that is our ad and the create succeeded. When nothing is stored under the source_id, or another ad is, the
 * error stands. When the read-back fails too, nobody can tell: `ProImportOutcomeUnknownError`, never a validation
 * error about the caller's own ad.
 */
export const resolveDuplicateCreate: AmbiguousCreateResolver = async ({ op, input, error, body, runtime, callOptions }) => {
  const refused = error instanceof ProImportValidationError;
  if (refused ? !mentionsSourceId(body) : !transient(error)) return undefined;
  const sent = input.body;
  const sourceId = sent !== null && typeof sent === 'object' ? (sent as { source_id?: unknown }).source_id : undefined;
  if (op.readPath === undefined || (typeof sourceId !== 'string' && typeof sourceId !== 'number')) return undefined;
  const read: OperationSpec = {
    namespace: op.namespace,
    methodName: 'get',
    operationId: `${op.operationId}:read-back`,
    method: 'GET',
    path: op.readPath,
    pathParams: ['source_id'],
    queryParams: [],
    body: false,
    retry: 'idempotent',
  };
  let stored: Sent<unknown>;
  try {
    stored = await runtime.send<unknown>(read, { path: { source_id: sourceId } }, callOptions);
  } catch (readError) {
    if (callOptions.signal?.aborted) throw readError;
    // Nothing under the source_id: no attempt created it, and the create's own error is the answer.
    if (readError instanceof ProImportNotFoundError) return undefined;
    const where = { method: op.method, path: fillPath(op.path, {}) };
    const readWhere = `GET ${fillPath(op.readPath, { source_id: sourceId })}`;
    const why = refused ? 'the server answered that the source_id is taken' : `it failed (${firstLine(error.message)})`;
    throw new ProImportOutcomeUnknownError(
      `${where.method} ${where.path}: the outcome is unknown: an attempt of this create may have reached the server, then ${why}, and reading ad "${String(sourceId)}" back (${readWhere}) failed too (${firstLine(readError instanceof Error ? readError.message : String(readError))}). The ad may or may not exist: read it later, or send the same create again (a create of your own ad is recognised)`,
      { ...where, sourceId: String(sourceId), cause: error, readError },
    );
  }
  return sentFieldsMatch(sent, stored.data) ? stored : undefined;
};

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
