/** Limits that keep a hostile body from hurting the fake. */
export type BodyLimits = { maxBytes: number; maxDepth: number };
export const DEFAULT_BODY_LIMITS: BodyLimits = { maxBytes: 1024 * 1024, maxDepth: 32 };

export type ParsedBody = { ok: true; value: unknown } | { ok: false; status: number; detail: string };

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

/** `application/json` with any parameters (`; charset=utf-8`) or a `+json` type. */
export function isJsonContentType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** Reads a request body the way DRF's JSONParser does, answering DRF's messages for the ways it can go wrong. */
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
      detail: `Request body is too large: ${bytes.length} bytes, the limit is ${limits.maxBytes} bytes.`,
    };
  }
  if (!isJsonContentType(contentType)) {
    const shown = contentType === null || contentType === '' ? '' : (contentType.split(';')[0]?.trim() ?? '');
    return {
      ok: false,
      status: 415,
      detail: `Unsupported media type "${shown}" in request. Send JSON with Content-Type: application/json.`,
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, status: 400, detail: 'JSON parse error - the body is not valid UTF-8.' };
  }
  if (textDepthExceeds(text, limits.maxDepth)) {
    return {
      ok: false,
      status: 400,
      detail: `JSON parse error - nested deeper than ${limits.maxDepth} levels.`,
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, status: 400, detail: `JSON parse error - ${(error as Error).message}` };
  }
}
