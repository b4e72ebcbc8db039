/**
 * JSON text of any size, in pieces: a fake's whole state can outgrow V8's largest string (about 512 MiB, where
 * `JSON.stringify` and `readFile(..., 'utf8')` throw), and writing or reading it in one call holds the event loop for
 * seconds. These functions write a state as an indented outline with one item per line (an ad, a listing, an image:
 * each value two levels deep, compact), and read any JSON text, piece by piece.
 */

/** A nesting level from which a value is stringified whole (one item of a state: an ad, an image, a listing). */
const WHOLE_FROM_DEPTH = 2;

function isRangeError(error: unknown): boolean {
  return error instanceof RangeError;
}

/** What `JSON.stringify` writes for a value inside an array, or `undefined` when it leaves the value out. */
function prepared(value: unknown, key: string): unknown {
  const withJson = value as { toJSON?: (key: string) => unknown } | null;
  return typeof withJson === 'object' && withJson !== null && typeof withJson.toJSON === 'function' ? withJson.toJSON(key) : value;
}

function* chunksOf(value: unknown, indent: string, depth: number): Generator<string> {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    yield text === undefined ? 'null' : text;
    return;
  }
  if (depth >= WHOLE_FROM_DEPTH) {
    try {
      // One compact line per item: one JSON.stringify call each, and a state file reads (and greps) as one ad,
      // listing or image per line.
      yield JSON.stringify(value);
      return;
    } catch (error) {
      if (!isRangeError(error)) throw error; // an item larger than a string can be: taken apart below
    }
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      const item = prepared(value[i], String(i));
      yield* chunksOf(typeof item === 'function' || typeof item === 'symbol' ? null : item, inner, depth + 1);
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const item = prepared((value as Record<string, unknown>)[key], key);
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* chunksOf(item, inner, depth + 1);
  }
  yield first ? '{}' : `\n${indent}}`;
}

/**
 * The JSON text of `value` in pieces, so text of any total size is written without ever being one string: the two
 * outer levels indented as `JSON.stringify(value, null, 2)` indents them, each value below them compact on its own
 * line (one piece). `JSON.parse` of the joined pieces equals `JSON.parse(JSON.stringify(value))`.
 *
 * @example
 * for (const piece of jsonChunks({ ads: [{ id: 1 }] })) process.stdout.write(piece);
 */
export function* jsonChunks(value: unknown): Generator<string> {
  yield* chunksOf(prepared(value, ''), '', 0);
}

/**
 * The JSON text of `value` (as `jsonChunks` lays it out) and a final newline as bytes, in lists of about `chunkBytes`
 * (default 1 MiB): each list is one write (a file handle's `writev`, a response's writes), and whoever writes them
 * lets the event loop run between lists.
 *
 * @example
 * for (const list of jsonBytes({ ads })) for (const bytes of list) response.write(bytes);
 */
export function* jsonBytes(value: unknown, options: { chunkBytes?: number } = {}): Generator<Buffer[]> {
  const chunkBytes = options.chunkBytes ?? 1024 * 1024;
  // Pieces are encoded one by one and handed over as a list: no joined copy of the text.
  let pending: Buffer[] = [];
  let size = 0;
  for (const piece of jsonChunks(value)) {
    const bytes = Buffer.from(piece);
    pending.push(bytes);
    size += bytes.length;
    if (size >= chunkBytes) {
      yield pending;
      pending = [];
      size = 0;
    }
  }
  pending.push(Buffer.from('\n'));
  yield pending;
}

/**
 * Writes the JSON text of `value` (as `jsonChunks` lays it out) and a final newline through `write`, about
 * `chunkBytes` (default 1 MiB) at a time, waiting for each write: the event loop runs between chunks, so a fake keeps
 * answering while a large state is written. Answers the number of bytes written.
 *
 * @example
 * const handle = await open('state.json', 'w');
 * await writeJson({ ads }, (chunks) => handle.writev(chunks));
 */
export async function writeJson(
  value: unknown,
  write: (chunks: Buffer[]) => Promise<unknown>,
  options: { chunkBytes?: number } = {},
): Promise<number> {
  let written = 0;
  for (const list of jsonBytes(value, options)) {
    for (const bytes of list) written += bytes.length;
    await write(list);
  }
  return written;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Reads JSON text that arrives in chunks (a file stream) into its value, however large the text: each object or
 * array nested two levels deep (an item of a state's collections) is parsed on its own with `JSON.parse`, the levels
 * above it from a small outline, so no string ever holds the whole text. The result equals `JSON.parse` of the whole
 * text. Broken JSON throws a `SyntaxError` that says where (the byte offset).
 *
 * @example
 * const state = await parseJsonStream(createReadStream('state.json'));
 */
export async function parseJsonStream(chunks: AsyncIterable<Uint8Array | string>): Promise<unknown> {
  const marker = `\u0000item-${Math.random().toString(36).slice(2)}:`;
  const outline: Buffer[] = [];
  const items: unknown[] = [];
  let item: Buffer[] | undefined;
  let itemStart = 0;
  let depth = 0;
  let inString = false;
  let backslashes = 0; // consecutive backslashes just before the current position, inside a string
  let offset = 0; // bytes of the text before this chunk

  const endItem = (chunk: Buffer, from: number, to: number) => {
    (item as Buffer[]).push(chunk.subarray(from, to));
    const text = Buffer.concat(item as Buffer[]).toString('utf8');
    item = undefined;
    try {
      items.push(JSON.parse(text));
    } catch (error) {
      throw new SyntaxError(`${(error as Error).message} (in the value that starts at byte ${itemStart})`);
    }
    outline.push(Buffer.from(JSON.stringify(`${marker}${items.length - 1}`)));
  };

  for await (const raw of chunks) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    let from = 0; // start of the part of this chunk not yet handed to the outline or the item
    for (let i = 0; i < chunk.length; i++) {
      if (inString) {
        // Most of a large state is string content: jump to the next quote, then see whether it is escaped.
        const quote = chunk.indexOf(QUOTE, i);
        const end = quote < 0 ? chunk.length : quote;
        let run = 0;
        while (run < end - i && chunk[end - 1 - run] === BACKSLASH) run++;
        if (run === end - i) run += backslashes;
        if (quote < 0) {
          backslashes = run;
          i = chunk.length;
          break;
        }
        i = quote;
        backslashes = 0;
        if (run % 2 === 0) inString = false;
        continue;
      }
      const byte = chunk[i];
      if (byte === QUOTE) {
        inString = true;
        backslashes = 0;
      } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        if (depth === WHOLE_FROM_DEPTH) {
          outline.push(chunk.subarray(from, i));
          from = i;
          item = [];
          itemStart = offset + i;
        }
        depth++;
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        depth--;
        if (depth < 0) throw new SyntaxError(`Unexpected "${String.fromCharCode(byte)}" at byte ${offset + i}`);
        if (depth === WHOLE_FROM_DEPTH) {
          endItem(chunk, from, i + 1);
          from = i + 1;
        }
      }
    }
    (item ?? outline).push(chunk.subarray(from));
    offset += chunk.length;
  }
  if (inString || depth !== 0) throw new SyntaxError(`Unexpected end of JSON input after ${offset} bytes`);
  return JSON.parse(Buffer.concat(outline).toString('utf8'), (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(marker) ? items[Number(value.slice(marker.length))] : value,
  );
}
