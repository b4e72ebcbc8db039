/** A task the clock runs when its time comes. */
type Task = { at: number; seq: number; run: () => void };

/**
 * A fake's notion of time. A fake schedules its asynchronous work on it, so tests can use a manual clock and advance
 * time instead of sleeping, while an HTTP server uses the real one.
 *
 * @example
 * function expiresAt(clock: Clock, ttlMs: number): number {
 *   return clock.now() + ttlMs;
 * }
 */
export type Clock = {
  now(): number;
  /** Runs `run` once `delayMs` have passed. */
  schedule(delayMs: number, run: () => void): void;
  /** Number of tasks not yet run. */
  pending(): number;
  /** Cancels every pending task (used by `reset` and on shutdown). */
  cancelAll(): void;
  /** Manual clock only: moves time forward, running the tasks that fall due. */
  advance(ms: number): void;
  /** Manual clock only: runs every pending task, advancing time as needed. */
  runAll(): void;
  /**
   * Calls `listener` after each task ran (a fake's own work, which may have changed its state: a web view shows it
   * live); answers the function that stops it. Optional for clocks of your own.
   */
  watch?(listener: () => void): () => void;
};

/** The listeners of `Clock.watch`: one that throws does not stop the others or the clock. */
class Watchers {
  private readonly listeners = new Set<() => void>();

  add(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        // A watcher only observes; its failure is not the task's.
      }
    }
  }
}

/**
 * A clock that only moves when told: `advance(ms)` runs every task that falls due, in time order, synchronously.
 *
 * @example
 * const clock = new ManualClock(Date.parse('2025-01-01T00:00:00Z'));
 * clock.schedule(1000, () => console.log('done'));
 * clock.advance(1000); // prints "done"
 */
export class ManualClock implements Clock {
  private current: number;
  /** A binary min-heap by (at, seq): the next task is found in O(1) and removed in O(log n). */
  private tasks: Task[] = [];
  private seq = 0;
  private readonly watchers = new Watchers();

  constructor(start: number = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  schedule(delayMs: number, run: () => void): void {
    const tasks = this.tasks;
    const task: Task = { at: this.current + Math.max(0, delayMs), seq: this.seq++, run };
    let index = tasks.push(task) - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(task, tasks[parent] as Task)) break;
      tasks[index] = tasks[parent] as Task;
      index = parent;
    }
    tasks[index] = task;
  }

  pending(): number {
    return this.tasks.length;
  }

  watch(listener: () => void): () => void {
    return this.watchers.add(listener);
  }

  cancelAll(): void {
    this.tasks = [];
  }

  /** Moves time forward by `ms`, running due tasks (and the tasks they schedule) in order. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`clock.advance(ms): ms must be a finite number >= 0, got ${ms}`);
    const target = this.current + ms;
    for (;;) {
      const next = this.nextDue(target);
      if (next === undefined) break;
      this.takeFirst();
      this.current = Math.max(this.current, next.at);
      try {
        next.run();
      } finally {
        this.watchers.notify();
      }
    }
    this.current = target;
  }

  /** Jumps to an absolute time without running tasks (restoring a snapshot). */
  setNow(now: number): void {
    this.current = now;
  }

  /** Advances until no task is left (at most `limit` tasks, so a task that keeps rescheduling cannot hang a test). */
  runAll(limit = 100_000): void {
    for (let i = 0; i < limit; i++) {
      const next = this.nextDue(Number.POSITIVE_INFINITY);
      if (next === undefined) return;
      this.advance(next.at - this.current);
    }
    throw new Error(
      `clock.runAll(): still ${this.tasks.length} tasks after ${limit} steps; a task keeps rescheduling itself`,
    );
  }

  /** The task that runs next (earliest time, then the order it was scheduled in) if it is due by `until`. */
  private nextDue(until: number): Task | undefined {
    const first = this.tasks[0];
    return first !== undefined && first.at <= until ? first : undefined;
  }

  /** Removes the heap's first task. */
  private takeFirst(): void {
    const tasks = this.tasks;
    const last = tasks.pop();
    if (last === undefined || tasks.length === 0) return;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= tasks.length) break;
      const right = left + 1;
      const child = right < tasks.length && before(tasks[right] as Task, tasks[left] as Task) ? right : left;
      if (!before(tasks[child] as Task, last)) break;
      tasks[index] = tasks[child] as Task;
      index = child;
    }
    tasks[index] = last;
  }
}

/** Whether task `a` runs before task `b`: earlier time first, and in the order scheduled at the same time. */
function before(a: Task, b: Task): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/**
 * The wall clock, with `setTimeout`. Timers are unref'd so a forgotten fake does not keep a process alive.
 * `advance` and `runAll` throw: real time cannot be moved.
 *
 * @example
 * const clock = new RealClock();
 * clock.schedule(50, () => console.log('50 ms later'));
 * clock.cancelAll(); // on shutdown
 *
 * const watched = new RealClock({ onTask: () => persisted.changed() }); // the fake's own work changes its state too
 */
export class RealClock implements Clock {
  private readonly watchers = new Watchers();

  /** `onTask` is called after each task ran (a fake's work on its own, which may have changed its state). */
  constructor(options: { onTask?: () => void } = {}) {
    if (options.onTask !== undefined) this.watchers.add(options.onTask);
  }

  watch(listener: () => void): () => void {
    return this.watchers.add(listener);
  }

  advance(_ms: number): never {
    throw new Error(
      'clock.advance() needs the manual clock: create the fake with { clock: "manual" } (the default), or use fake.flush() to run queued work now.',
    );
  }

  runAll(): never {
    return this.advance(0);
  }

  private timers = new Set<ReturnType<typeof setTimeout>>();

  now(): number {
    return Date.now();
  }

  schedule(delayMs: number, run: () => void): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        try {
          run();
        } finally {
          this.watchers.notify();
        }
      },
      Math.max(0, delayMs),
    );
    timer.unref?.();
    this.timers.add(timer);
  }

  pending(): number {
    return this.timers.size;
  }

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/**
 * What a fake's `clock` option accepts: `manual` (the default), `real`, or a clock of your own.
 *
 * @example
 * type MyFakeOptions = { clock?: ClockOption; startTime?: number | string };
 */
export type ClockOption = 'manual' | 'real' | Clock;

/**
 * The clock a fake's options ask for: a `ManualClock` starting at `startTime` (epoch ms or an ISO string; default
 * now), a `RealClock`, or the given clock. `where` prefixes the error about an unreadable `startTime`.
 *
 * @example
 * const clock = createClock({ clock: 'manual', startTime: '2025-01-01T00:00:00Z', where: 'createFake' });
 * clock.advance(1_000);
 */
export function createClock(options: { clock?: ClockOption; startTime?: number | string; where?: string } = {}): Clock {
  const start = typeof options.startTime === 'string' ? Date.parse(options.startTime) : options.startTime;
  if (start !== undefined && Number.isNaN(start))
    throw new RangeError(`${options.where ?? 'createClock'}: startTime "${options.startTime}" is not a date`);
  if (options.clock === 'real') return new RealClock();
  if (options.clock === undefined || options.clock === 'manual') return new ManualClock(start);
  return options.clock;
}
