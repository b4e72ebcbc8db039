import { open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The text a state file holds: pretty JSON and a final newline. */
export function serializeState(state: unknown): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

const tempOf = (file: string) => `${file}.tmp-${process.pid}`;

/**
 * Writes `state` as pretty JSON next to `file`, flushes it to the disk and renames it into place, so a crash
 * mid-write never leaves half a state file (the rename is atomic on one file system). The temporary file is
 * removed when writing fails.
 *
 * @example
 * process.once('SIGTERM', async () => {
 *   await saveStateAtomically('fake-state.json', fake.snapshot());
 * });
 */
export async function saveStateAtomically(file: string, state: unknown): Promise<void> {
  await writeTextAtomically(file, serializeState(state));
}

/** `saveStateAtomically` for a state already serialized (with `serializeState`). */
export async function writeTextAtomically(file: string, text: string): Promise<void> {
  const temp = tempOf(file);
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text);
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

/**
 * Reads a state file written by `saveStateAtomically`: its parsed JSON, or `undefined` when the file does not exist
 * (a first start). Unreadable files and broken JSON throw, so a damaged state is never silently replaced.
 * Temporary files left by a write that was killed midway are removed.
 *
 * @example
 * const snapshot = await loadStateFile<MySnapshot>('fake-state.json');
 * const fake = createFake(snapshot === undefined ? {} : { snapshot }); // the fake checks the snapshot's shape
 */
export async function loadStateFile<T = unknown>(file: string): Promise<T | undefined> {
  await removeStaleTemps(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new SyntaxError(`not JSON (${(error as Error).message})`);
  }
}
