import { createReadStream } from 'node:fs';
import type { FeedRecord } from './types.js';

/** A feed that cannot be read: names the file and the line. */
export class FeedError extends Error {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, problem: string) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'FeedError';
    this.file = file;
    this.line = line;
  }
}

/** `JSON.parse`'s complaint without the engine's position (we give the line). */
function parseProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `not valid JSON (${message.replace(/\s+in JSON at position \d+.*$/s, '')})`;
}

function parse(text: string, file: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FeedError(file, line, parseProblem(error));
  }
}

/**
 * Reads a feed file as a stream of records: a JSON array of ads, or NDJSON (one ad per line; blank lines are
 * skipped). The file is never held whole: an array is split into its elements as it is read, so memory does not
 * grow with the feed. Each record carries the line it starts on; a syntax error is a `FeedError` with its line.
 *
 * @example
 * for await (const { line, value } of readFeed('stock.ndjson')) console.log(line, value);
 */
export async function* readFeed(file: string, options: { signal?: AbortSignal } = {}): AsyncGenerator<FeedRecord> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024, ...(options.signal ? { signal: options.signal } : {}) });
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
    for await (const chunk of stream as AsyncIterable<string>) {
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
          if (text !== '') yield { line, value: parse(text, file, line) };
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
            yield { line: elementLine, value: parse(text, file, elementLine) };
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
    if (text !== '') yield { line, value: parse(text, file, line) };
  }
  if ((mode as string) === 'array') throw new FeedError(file, line, 'the JSON array is not closed (the file ends inside it: truncated?)');
}
