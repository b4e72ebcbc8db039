import { createReadStream } from 'node:fs';
import { isObject } from './diff.js';
import type { FeedRecord, JsonObject } from './types.js';

/** A feed that cannot be read: names the file and the line (none for a problem of the whole file). */
export class FeedError extends Error {
  readonly file: string;
  /** 1-based; 0 for the file as a whole (missing, a directory, in UTF-16). */
  readonly line: number;
  /** What is wrong, without the file and line. */
  readonly problem: string;
  constructor(file: string, line: number, problem: string) {
    super(line > 0 ? `${file}:${line}: ${problem}` : `${file}: ${problem}`);
    this.name = 'FeedError';
    this.file = file;
    this.line = line;
    this.problem = problem;
  }
}

/** How a feed file is encoded. UTF-8 is checked (a feed that is not UTF-8 stops with its line); a BOM is skipped. */
export type FeedEncoding = 'utf8' | 'latin1' | 'windows-1252';

export const FEED_ENCODINGS: readonly FeedEncoding[] = ['utf8', 'latin1', 'windows-1252'];

export type ReadFeedOptions = {
  signal?: AbortSignal;
  /** Default `utf8`. Swedish and German dealer systems often export `latin1` or `windows-1252`. */
  encoding?: FeedEncoding;
  /**
   * Called for a record that is not JSON, instead of stopping there: the feed reads on (an NDJSON line or an array
   * element). A file that cannot be read at all (truncated array, wrong encoding, missing) still throws.
   */
  onInvalid?: (error: FeedError) => void;
};

/** Where the first byte that is not UTF-8 is in `bytes` (-1: none; an incomplete sequence at the end counts as none). */
function invalidUtf8At(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    const size = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (size === 0) return i;
    for (let k = 1; k < size; k += 1) {
      if (i + k >= bytes.length) return -1;
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) return i;
    }
    i += size;
  }
  return -1;
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i += 1) if (bytes[i] === 0x0a) n += 1;
  return n;
}

/** The feed's bytes as text chunks in `encoding`; a file that is not what it claims to be stops with its line. */
async function* decode(chunks: AsyncIterable<Buffer>, file: string, encoding: FeedEncoding): AsyncGenerator<string> {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const cp1252 = new TextDecoder('windows-1252');
  let newlines = 0;
  let first = true;
  for await (const chunk of chunks) {
    if (first && chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
      throw new FeedError(file, 0, 'is UTF-16 (it starts with a UTF-16 byte order mark); export the feed as UTF-8');
    }
    first = false;
    if (encoding === 'latin1') yield chunk.toString('latin1');
    else if (encoding === 'windows-1252') yield cp1252.decode(chunk, { stream: true });
    else {
      try {
        yield utf8.decode(chunk, { stream: true });
      } catch {
        const at = invalidUtf8At(chunk);
        const where = at < 0 ? 0 : at;
        const byte = chunk[where] ?? 0;
        throw new FeedError(
          file,
          newlines + countNewlines(chunk, where) + 1,
          `not UTF-8 (byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')}); use --encoding latin1 or --encoding windows-1252 for a feed exported in one of those`,
        );
      }
    }
    newlines += countNewlines(chunk, chunk.length);
  }
  if (encoding === 'utf8') {
    try {
      const rest = utf8.decode();
      if (rest !== '') yield rest;
    } catch {
      throw new FeedError(file, newlines + 1, 'not UTF-8 (the file ends inside a character); use --encoding latin1 or --encoding windows-1252 for a feed exported in one of those');
    }
  }
}

/** `JSON.parse`'s complaint without the engine's position (we give the line). */
function parseProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `not valid JSON (${message.replace(/\s+in JSON at position \d+.*$/s, '')})`;
}

const INVALID = Symbol('invalid');

function parse(text: string, file: string, line: number, onInvalid: ReadFeedOptions['onInvalid']): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const problem = new FeedError(file, line, parseProblem(error));
    if (onInvalid === undefined) throw problem;
    onInvalid(problem);
    return INVALID;
  }
}

/**
 * Reads a feed file as a stream of records: a JSON array of ads, or NDJSON (one ad per line; blank lines are
 * skipped). The file is never held whole: an array is split into its elements as it is read, so memory does not
 * grow with the feed. Each record carries the line it starts on; a syntax error is a `FeedError` with its line (or,
 * with `onInvalid`, is reported and skipped). The bytes are read as UTF-8 (checked: a Latin-1 export stops at its
 * first non-UTF-8 line and names `--encoding`), or as `latin1` / `windows-1252`; a byte order mark is skipped.
 *
 * @example
 * for await (const { line, value } of readFeed('stock.ndjson', { encoding: 'latin1' })) console.log(line, value);
 */
export async function* readFeed(file: string, options: ReadFeedOptions = {}): AsyncGenerator<FeedRecord> {
  const { onInvalid } = options;
  const stream = decode(
    createReadStream(file, { highWaterMark: 256 * 1024, ...(options.signal ? { signal: options.signal } : {}) }) as AsyncIterable<Buffer>,
    file,
    options.encoding ?? 'utf8',
  );
  let mode: 'unknown' | 'ndjson' | 'array' | 'done' = 'unknown';
  let line = 1;
  // NDJSON: the current line's text.
  let pending = '';
  // Array: the current element, where it started, and the scanner's state.
  let element = '';
  let elementLine = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  // Whether an element must follow (after a comma): `[]` is an empty feed, `[1,]` is an error.
  let expectElement = false;
  try {
    for await (const chunk of stream) {
      let start = 0;
      for (let i = 0; i < chunk.length; i += 1) {
        const c = chunk[i] as string;
        if (mode === 'unknown') {
          if (c === '\n') line += 1;
          if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\uFEFF') continue;
          if (c === '[') {
            mode = 'array';
            continue;
          }
          mode = 'ndjson';
          start = i;
        }
        if (mode === 'ndjson') {
          if (c !== '\n') continue;
          pending += chunk.slice(start, i);
          start = i + 1;
          const text = pending.trim();
          pending = '';
          if (text !== '') {
            const value = parse(text, file, line, onInvalid);
            if (value !== INVALID) yield { line, value };
          }
          line += 1;
          continue;
        }
        if (mode === 'done') {
          if (c === '\n') line += 1;
          else if (c !== ' ' && c !== '\t' && c !== '\r') throw new FeedError(file, line, `unexpected "${c}" after the end of the JSON array`);
          continue;
        }
        // mode === 'array'
        if (depth === 0 && !inString) {
          if (c === '\n') {
            line += 1;
            if (element !== '') element += c;
            continue;
          }
          if (c === ' ' || c === '\t' || c === '\r') {
            if (element !== '') element += c;
            continue;
          }
          if (c === ',' || c === ']') {
            const text = element.trim();
            if (text === '') {
              if (c === ']' && !expectElement) {
                mode = 'done';
                continue;
              }
              throw new FeedError(file, line, `expected an ad before "${c}"`);
            }
            const value = parse(text, file, elementLine, onInvalid);
            if (value !== INVALID) yield { line: elementLine, value };
            element = '';
            elementLine = 0;
            expectElement = c === ',';
            if (c === ']') mode = 'done';
            continue;
          }
          if (element === '') elementLine = line;
        }
        if (c === '\n') line += 1;
        element += c;
        if (inString) {
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') inString = false;
          continue;
        }
        if (c === '"') inString = true;
        else if (c === '{' || c === '[') depth += 1;
        else if (c === '}' || c === ']') {
          depth -= 1;
          if (depth < 0) throw new FeedError(file, line, `unexpected "${c}"`);
        }
      }
      if (mode === 'ndjson') pending += chunk.slice(start);
    }
  } catch (error) {
    if (error instanceof FeedError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new FeedError(file, 0, 'no such file');
    if (code === 'EISDIR') throw new FeedError(file, 0, 'is a directory, not a feed file');
    throw error;
  }
  if (mode === 'ndjson') {
    const text = pending.trim();
    const value = text === '' ? INVALID : parse(text, file, line, onInvalid);
    if (value !== INVALID) yield { line, value };
  }
  if ((mode as string) === 'array') throw new FeedError(file, line, 'the JSON array is not closed (the file ends inside it: truncated?)');
}

/**
 * A feed record as an ad: a JSON object with one of `vehicleTypes` and a non-empty `source_id`; anything else is a
 * `FeedError` with the record's line (the file is named by whoever read it: `prepareRecord`).
 *
 * @example
 * const { value, type, sourceId } = feedAd({ line: 1, value: { vehicle_type: 'car', source_id: 'car-1' } }, ['boat', 'car']);
 */
export function feedAd(record: FeedRecord, vehicleTypes: readonly string[]): { value: JsonObject; type: string; sourceId: string } {
  const { line, value } = record;
  if (!isObject(value)) throw new FeedError('', line, `an ad must be a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
  const type = value.vehicle_type;
  if (typeof type !== 'string' || !vehicleTypes.includes(type)) {
    throw new FeedError('', line, `"vehicle_type" must be one of ${vehicleTypes.join(', ')}; got ${JSON.stringify(type ?? null)}`);
  }
  const sourceId = value.source_id;
  if (typeof sourceId !== 'string' || sourceId.trim() === '') throw new FeedError('', line, `"source_id" must be a non-empty string; got ${JSON.stringify(sourceId ?? null)}`);
  return { value, type, sourceId };
}
