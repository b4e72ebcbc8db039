/**
 * Limits that keep a hostile body from hurting a fake: its size in bytes and the nesting depth of its JSON.
 *
 * @example
 * const limits: BodyLimits = { ...DEFAULT_BODY_LIMITS, maxBytes: 64 * 1024 };
 */
export type BodyLimits = { maxBytes: number; maxDepth: number };

/**
 * 1 MiB and 32 levels of nesting.
 *
 * @example
 * parseJsonBody(bytes, contentType, DEFAULT_BODY_LIMITS);
 */
export const DEFAULT_BODY_LIMITS: BodyLimits = { maxBytes: 1024 * 1024, maxDepth: 32 };

/**
 * Why a body could not be read: `too-large` (413), `media-type` (415), `encoding`, `depth` or `syntax` (400).
 *
 * @example
 * const spring = (reason: BodyProblem) => (reason === 'media-type' ? 'Unsupported Media Type' : 'Failed to read request');
 */
export type BodyProblem = 'too-large' | 'media-type' | 'encoding' | 'depth' | 'syntax';

/**
 * The outcome of `parseJsonBody`: the value, or the status and a message that says what was wrong and what to do
 * (in Django REST framework's words; `reason` lets a fake of another server answer in its own).
 *
 * @example
 * const parsed: ParsedBody = parseJsonBody(request.body, request.header('content-type'), DEFAULT_BODY_LIMITS);
 * if (!parsed.ok) return json(parsed.status, { detail: parsed.detail });
 */
export type ParsedBody =
  | { ok: true; value: unknown }
  | { ok: false; status: number; detail: string; reason: BodyProblem };

/** Nesting depth of JSON text, counted on the raw characters so `JSON.parse` never sees a pathological document. */
function textDepthExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > maxDepth) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/**
 * Whether a Content-Type is JSON: `application/json` with any parameters (`; charset=utf-8`) or a `+json` type.
 *
 * @example
 * isJsonContentType('application/json; charset=utf-8'); // true
 * isJsonContentType('text/plain');                      // false
 */
export function isJsonContentType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/**
 * Reads a JSON request body the way DRF's JSONParser does: no body is `{}`; too large is 413, not JSON by its
 * Content-Type 415, not UTF-8, nested deeper than `maxDepth` (counted on the raw text, so `JSON.parse` never sees a
 * pathological document) or unparsable 400.
 *
 * @example
 * const parsed = parseJsonBody(new TextEncoder().encode('{"a": 1}'), 'application/json', DEFAULT_BODY_LIMITS);
 * // { ok: true, value: { a: 1 } }
 */
export function parseJsonBody(
  bytes: Uint8Array | null,
  contentType: string | null,
  limits: BodyLimits,
): ParsedBody {
  if (bytes === null || bytes.length === 0) return { ok: true, value: {} };
  if (bytes.length > limits.maxBytes) {
    return {
      ok: false,
      status: 413,
      reason: 'too-large',
      detail: `Request body is too large: ${bytes.length} bytes, the limit is ${limits.maxBytes} bytes.`,
    };
  }
  if (!isJsonContentType(contentType)) {
    const shown = contentType === null || contentType === '' ? '' : (contentType.split(';')[0]?.trim() ?? '');
    return {
      ok: false,
      status: 415,
      reason: 'media-type',
      detail: `Unsupported media type "${shown}" in request. Send JSON with Content-Type: application/json.`,
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, status: 400, reason: 'encoding', detail: 'JSON parse error - the body is not valid UTF-8.' };
  }
  if (textDepthExceeds(text, limits.maxDepth)) {
    return {
      ok: false,
      status: 400,
      reason: 'depth',
      detail: `JSON parse error - nested deeper than ${limits.maxDepth} levels.`,
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, status: 400, reason: 'syntax', detail: `JSON parse error - ${(error as Error).message}` };
  }
}

/**
 * The media type of a Content-Type header, lower-cased, without parameters (`''` when there is none).
 *
 * @example
 * mediaTypeOf('Application/X-WWW-Form-Urlencoded; charset=UTF-8'); // 'application/x-www-form-urlencoded'
 */
export function mediaTypeOf(contentType: string | null): string {
  return contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Reads an `application/x-www-form-urlencoded` body (as OAuth token endpoints take it) into its parameters, or
 * `undefined` when the Content-Type is another one or the body is not UTF-8. A repeated parameter keeps every
 * value (`getAll`), so a caller can refuse it as RFC 6749 asks.
 *
 * @example
 * const form = parseFormBody(new TextEncoder().encode('grant_type=client_credentials'), 'application/x-www-form-urlencoded');
 * form?.get('grant_type'); // 'client_credentials'
 */
export function parseFormBody(bytes: Uint8Array | null, contentType: string | null): URLSearchParams | undefined {
  if (mediaTypeOf(contentType) !== 'application/x-www-form-urlencoded') return undefined;
  try {
    return new URLSearchParams(new TextDecoder('utf-8', { fatal: true }).decode(bytes ?? new Uint8Array()));
  } catch {
    return undefined;
  }
}
