import type { StopReason } from './cli.js';
import { RealClock } from './clock.js';
import { persistState, type PersistedState } from './persist.js';

/**
 * The state file of a fake's command (`--state`), kept as `keepState` describes.
 *
 * @example
 * const kept: KeptState = keepState({ file: stateFile });
 */
export type KeptState = {
  /** The real clock to give the fake: each of its tasks (the fake's own work) marks the state as changed. */
  readonly clock: RealClock;
  /** Marks the state as changed; pass it as the server's `onResponse` (any request may have changed it). */
  changed(): void;
  /** Starts keeping the file: call once the fake exists. Without a file it does nothing. */
  track(snapshot: () => unknown): void;
  /**
   * The clean stop: stops accepting and waits for the requests being handled (`server.drain()`), stops the fake's
   * own work, writes the final state, closes the server. Answers the exit code: 1 when the final write failed.
   */
  shutDown(reason: StopReason, parts: { server: { drain(): Promise<void>; close(): Promise<void> }; stopWork(): void }): Promise<number>;
};

/**
 * What a fake's command does with `--state <file>` (or without one: the same clean stop, nothing written). The file
 * is written within a second of every change, so a killed fake loses at most the last second, and once more after
 * the server stopped accepting, so a stopped one loses nothing it acknowledged. Write problems are printed once
 * each (`warn`), never with a stack.
 *
 * @example
 * const kept = keepState({ file: stateFile });
 * const fake = createMyFake({ clock: kept.clock, snapshot });
 * kept.track(() => fake.snapshot());
 * const running = await startHttpServer({ handle, onResponse: kept.changed });
 * return untilSignal((reason) => kept.shutDown(reason, { server: running, stopWork: () => fake.stop() }));
 */
export function keepState(
  options: { file?: string; log?: (line: string) => void; warn?: (line: string) => void } = {},
): KeptState {
  const log = options.log ?? ((line: string) => console.log(line));
  const warn = options.warn ?? ((line: string) => console.error(line));
  let persisted: PersistedState | undefined;
  let lastProblem = '';
  const changed = () => persisted?.changed();
  return {
    clock: new RealClock({ onTask: changed }),
    changed,
    track(snapshot) {
      if (options.file === undefined || persisted !== undefined) return;
      const file = options.file;
      persisted = persistState({
        file,
        snapshot,
        onError: (error) => {
          if (error.message === lastProblem) return;
          lastProblem = error.message;
          warn(`could not save state to ${file}: ${error.message} (trying again on the next change)`);
        },
      });
      persisted.changed();
    },
    async shutDown(reason, parts) {
      // Stop accepting first: every request answered before this point is in the final state, none after it.
      await parts.server.drain();
      parts.stopWork();
      let code = 0;
      if (persisted !== undefined) {
        try {
          await persisted.close();
          log(`${reason}: state saved to ${options.file}`);
        } catch (error) {
          warn(`${reason}: could not save state to ${options.file}: ${(error as Error).message}`);
          code = 1;
        }
      }
      await parts.server.close();
      return code;
    },
  };
}
