import { createReadStream } from 'node:fs';
import { open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseJsonStream, writeJson } from './json-stream.js';

/**
 * A state as one string of pretty JSON and a final newline (for a small state, e.g. to print it). One string, so only
 * for states well under V8's largest string (about 512 MiB); `saveStateAtomically` writes the same JSON in pieces,
 * whatever the size, in its own compact layout (`loadStateFile` reads both).
 */
export function serializeState(state: unknown): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

const tempOf = (file: string) => `${file}.tmp-${process.pid}`;

/** Writes `fill(handle)` to a temporary file next to `file`, flushes it to the disk, then renames it into place. */
async function replaceAtomically(file: string, fill: (handle: FileHandle) => Promise<unknown>): Promise<void> {
  const temp = tempOf(file);
  try {
    const handle = await open(temp, 'w');
    try {
      await fill(handle);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Writes `state` as pretty JSON next to `file`, flushes it to the disk and renames it into place, so a crash
 * mid-write never leaves half a state file (the rename is atomic on one file system). The temporary file is
 * removed when writing fails. The text is written about 1 MiB at a time (the event loop runs between the pieces), so
 * a state of any size is saved, also one larger than V8's largest string (about 512 MiB), without stalling a server.
 * `state` must not change until the promise resolves: pass a copy (`fake.snapshot()` is one).
 *
 * @example
 * process.once('SIGTERM', async () => {
 *   await saveStateAtomically('fake-state.json', fake.snapshot());
 * });
 */
export async function saveStateAtomically(file: string, state: unknown): Promise<void> {
  await replaceAtomically(file, (handle) => writeJson(state, (chunks) => handle.writev(chunks)));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary files of writes that were killed midway (their process is gone), so they do not pile up. */
async function removeStaleTemps(file: string): Promise<void> {
  const prefix = `${basename(file)}.tmp-`;
  let names: string[];
  try {
    names = await readdir(dirname(file));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = name.startsWith(prefix) ? name.slice(prefix.length) : '';
    if (/^\d+$/.test(pid) && !alive(Number(pid))) await rm(join(dirname(file), name), { force: true });
  }
}

/** Files up to this size are read in one piece (`JSON.parse` of the whole text says best where it is broken). */
const WHOLE_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Reads a state file written by `saveStateAtomically`: its parsed JSON, or `undefined` when the file does not exist
 * (a first start). Unreadable files and broken JSON throw, so a damaged state is never silently replaced.
 * Temporary files left by a write that was killed midway are removed. A file over 64 MiB (`streamFromBytes`) is read
 * as a stream, item by item, so a state larger than V8's largest string (about 512 MiB) loads too.
 *
 * @example
 * const snapshot = await loadStateFile<MySnapshot>('fake-state.json');
 * const fake = createFake(snapshot === undefined ? {} : { snapshot }); // the fake checks the snapshot's shape
 */
export async function loadStateFile<T = unknown>(file: string, options: { streamFromBytes?: number } = {}): Promise<T | undefined> {
  await removeStaleTemps(file);
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    if (size >= (options.streamFromBytes ?? WHOLE_FILE_BYTES))
      return (await parseJsonStream(createReadStream(file, { highWaterMark: 1024 * 1024 }))) as T;
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new SyntaxError(`not JSON (${error.message})`);
  }
}
