import { readFile, rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes `state` as pretty JSON next to `file` and renames it into place, so a crash mid-write never leaves half a
 * state file (the rename is atomic on one file system). The temporary file is removed when writing fails.
 *
 * @example
 * process.once('SIGTERM', async () => {
 *   await saveStateAtomically('fake-state.json', fake.snapshot());
 * });
 */
export async function saveStateAtomically(file: string, state: unknown): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Reads a state file written by `saveStateAtomically`: its parsed JSON, or `undefined` when the file does not exist
 * (a first start). Unreadable files and broken JSON throw, so a damaged state is never silently replaced.
 *
 * @example
 * const snapshot = await loadStateFile<MySnapshot>('fake-state.json');
 * const fake = createFake(snapshot === undefined ? {} : { snapshot }); // the fake checks the snapshot's shape
 */
export async function loadStateFile<T = unknown>(file: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as T;
}
