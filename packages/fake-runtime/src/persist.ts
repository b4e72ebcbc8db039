import { saveStateAtomically } from './state-file.js';

/**
 * Options of `persistState`.
 *
 * @example
 * const options: PersistStateOptions = { file: 'state.json', snapshot: () => fake.snapshot(), delayMs: 200 };
 */
export type PersistStateOptions = {
  /** The state file; written atomically (temporary file, fsync, rename). */
  file: string;
  /**
   * The whole state as JSON, taken synchronously: one consistent moment. It is written while the fake goes on
   * serving, so it must be a copy nothing changes afterwards (`fake.snapshot()` is one; its strings are shared with
   * the live state, which costs nothing: strings never change).
   */
  snapshot: () => unknown;
  /**
   * How long after a change the state is written, in ms, so a burst of changes is written once. Default 200: with
   * the write itself (a fraction of a second for a state of tens of MB; a large state takes as long as the disk needs
   * for it), that is all a SIGKILL can lose.
   */
  delayMs?: number;
  /**
   * Runs `run` after `ms` (default: an unref'd real timer). Tests pass a manual clock's `schedule`, so nothing
   * waits on real time.
   */
  schedule?: (ms: number, run: () => void) => void;
  /** A write that failed (disk full, directory gone). The state stays marked as changed: the next change retries. */
  onError?: (error: Error) => void;
};

/**
 * A state file kept up to date while a fake runs. See `persistState`.
 *
 * @example
 * const persisted: PersistedState = persistState({ file, snapshot: () => fake.snapshot() });
 * persisted.changed(); // after anything that may have changed the state
 */
export type PersistedState = {
  /** Says the state may have changed: it is written within `delayMs` (unless it equals what is on disk). */
  changed(): void;
  /** Writes the state now if it changed since the last write, after any write in progress; resolves when on disk. */
  flush(): Promise<void>;
  /**
   * The final write: waits for a write in progress, writes the state as it is now, and stops. Later `changed()`
   * calls do nothing. Rejects when that write fails (the caller reports it and exits with an error).
   */
  close(): Promise<void>;
  /** How many times the file was written. */
  readonly writes: number;
};

/**
 * Whether two JSON values are equal, value by value (what `JSON.stringify` of both would say for plain data, without
 * building either text). Shared strings compare at once; the cost is the number of values, not their bytes.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameJson(item, other[i]));
  }
  const left = Object.keys(a);
  const right = Object.keys(b);
  if (left.length !== right.length) return false;
  return left.every((key, i) => key === right[i] && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

const realSchedule = (ms: number, run: () => void): void => {
  setTimeout(run, ms).unref();
};

/**
 * Keeps a state file up to date while a fake runs, so a process that is killed outright (SIGKILL, a crash, the
 * machine's OOM killer) loses at most the changes of the last `delayMs` plus one write. Writes never overlap and
 * never go backwards: they run one after the other, each with a snapshot taken when it starts, and a snapshot equal
 * to the one last written is not written again (compared value by value, not as text). Each write streams the JSON
 * about 1 MiB at a time (`saveStateAtomically`): a state of any size is saved, also past V8's largest string, and the
 * server keeps answering while it is. Pair it with `startHttpServer`'s `onResponse` (every answered request may
 * have changed the state) and a `RealClock`'s `onTask` (work the fake does on its own), and call `close()` once the
 * server stopped accepting requests.
 *
 * @example
 * const persisted = persistState({ file: stateFile, snapshot: () => fake.snapshot(), onError: (e) => console.error(e.message) });
 * const running = await startHttpServer({ handle, onResponse: () => persisted.changed() });
 * // on SIGTERM:
 * await running.drain();
 * await persisted.close();
 * await running.close();
 */
export function persistState(options: PersistStateOptions): PersistedState {
  const delayMs = options.delayMs ?? 200;
  const schedule = options.schedule ?? realSchedule;
  let lastWritten: { state: unknown } | undefined;
  let dirty = false;
  let timerArmed = false;
  let closed = false;
  let writes = 0;
  // Writes run one at a time in this chain, so an older snapshot can never be renamed over a newer one.
  let chain: Promise<void> = Promise.resolve();

  const writeNow = async (): Promise<void> => {
    if (!dirty) return;
    dirty = false;
    const state = options.snapshot();
    if (lastWritten !== undefined && sameJson(lastWritten.state, state)) return;
    try {
      await saveStateAtomically(options.file, state);
      lastWritten = { state };
      writes += 1;
    } catch (error) {
      dirty = true;
      throw error;
    }
  };

  const enqueue = (): Promise<void> => {
    const next = chain.then(writeNow);
    chain = next.catch(() => undefined);
    return next;
  };

  return {
    changed(): void {
      if (closed) return;
      dirty = true;
      if (timerArmed) return;
      timerArmed = true;
      schedule(delayMs, () => {
        timerArmed = false;
        if (closed) return;
        enqueue().catch((error: unknown) => options.onError?.(error as Error));
      });
    },
    flush(): Promise<void> {
      return enqueue();
    },
    close(): Promise<void> {
      if (closed) return chain;
      closed = true;
      dirty = true;
      return enqueue();
    },
    get writes() {
      return writes;
    },
  };
}
