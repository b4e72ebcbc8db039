/**
 * What every fake's admin API (`/__fake/...`) shares: its route names, its JSON bodies (a saved state may be far
 * larger and deeper than an API request), and the inputs that look the same in every fake.
 */
import { z } from 'zod';
import { isRecord } from '../json.js';
import { parseJsonBody, type BodyLimits } from './body.js';
import { json, type FakeResponse } from './types.js';

/**
 * The largest body `PUT /__fake/state` takes: a whole state (what `GET /__fake/state` answers), far larger than an
 * API request. Default 256 MiB; each fake's server takes `handler: { maxStateBytes }` to change it.
 *
 * @example
 * startFakeServer({ handler: { maxStateBytes: 2 * DEFAULT_MAX_STATE_BYTES } });
 */
export const DEFAULT_MAX_STATE_BYTES = 256 * 1024 * 1024;

/** Nesting a state adds around an item's fields (`ads[i].fields...`), so a state of valid items always loads. */
const STATE_EXTRA_DEPTH = 8;

/**
 * Whether a request is `PUT /__fake/state` (the path relative to the fake's base).
 *
 * @example
 * isStateUpload('PUT', '/__fake/state'); // true
 */
export function isStateUpload(method: string, path: string): boolean {
  return method.toUpperCase() === 'PUT' && /^\/__fake\/state\/?$/.test(path);
}

/**
 * The body of an admin route that takes none (`POST /__fake/reset`): an empty object, or nothing.
 *
 * @example
 * parseInput(NoBodySchema, body, 'POST /__fake/reset');
 */
export const NoBodySchema = z.object({}).strict();

/**
 * The body of `PUT /__fake/latency`: `{ "latencyMs": 0 }`, at most an hour.
 *
 * @example
 * fake.latencyMs = parseInput(LatencySchema, body, 'PUT /__fake/latency').latencyMs;
 */
export const LatencySchema = z.object({ latencyMs: z.number().min(0).max(3_600_000) }).strict();

/**
 * The body of `POST /__fake/clock/advance`: `{ "ms": 60000 }`, at most ten years (a manual clock only).
 *
 * @example
 * clock.advance(parseInput(AdvanceClockSchema, body, 'POST /__fake/clock/advance').ms);
 */
export const AdvanceClockSchema = z.object({ ms: z.number().min(0).max(10 * 365 * 24 * 3_600_000) }).strict();

/** An admin request as the fakes' handlers receive it. */
export type AdminBodyRequest = {
  method: string;
  /** The path relative to the fake's base (`/__fake/state`). */
  path: string;
  body: Uint8Array | null;
  contentType: string | null;
  limits: BodyLimits;
  /** The body limit of `PUT /__fake/state`. */
  maxStateBytes?: number;
};

/**
 * An admin request's route (`PUT /__fake/state`, trailing slashes dropped) and its JSON object body (`{}` for GET and
 * DELETE), or the 4xx answer for a body that is not one: too large, too deep, not JSON, not an object.
 *
 * @example
 * const read = readAdminRequest(request);
 * if ('answer' in read) return read.answer;
 * const { route, body } = read;
 */
export function readAdminRequest(request: AdminBodyRequest): { route: string; body: Record<string, unknown> } | { answer: FakeResponse<string> } {
  const route = `${request.method} ${request.path.replace(/\/+$/, '') || '/'}`;
  if (!['POST', 'PUT'].includes(request.method)) return { route, body: {} };
  const limits = isStateUpload(request.method, request.path)
    ? { maxBytes: request.maxStateBytes ?? DEFAULT_MAX_STATE_BYTES, maxDepth: request.limits.maxDepth + STATE_EXTRA_DEPTH }
    : request.limits;
  const parsed = parseJsonBody(request.body, request.contentType ?? 'application/json', limits);
  if (!parsed.ok) return { answer: json(parsed.status, { detail: `${route}: ${parsed.detail}` }) };
  if (!isRecord(parsed.value)) return { answer: json(400, { detail: `${route}: expected a JSON object body` }) };
  return { route, body: parsed.value };
}
