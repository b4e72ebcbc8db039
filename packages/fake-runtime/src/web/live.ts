import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { FakeResponse } from '../http/types.js';

/** How long changes are gathered into one event: a sync sending hundreds of requests a second is a few events. */
const DEFAULT_COALESCE_MS = 150;
/** A comment line now and then, so a connection that died without a word is noticed and closed. */
const HEARTBEAT_MS = 25_000;

/**
 * The revision of a fake's state as its web view shows it: `<instance>.<number>`, where the instance changes with
 * every start of the process, so a page kept open across a restart sees a new revision and reloads its content.
 *
 * @example
 * feed.revision; // 'k3j9x2.17'
 */
export type Revision = string;

/**
 * Tells a fake's web view that its state may have changed: every request that may write, every task the fake's
 * clock runs (its worker's steps), and whatever else calls `changed()`. Listeners hear about a burst of changes once
 * (after `coalesceMs`), so live pages never storm the fake with reloads.
 *
 * @example
 * const feed = new ChangeFeed({ clock: fake.clock });
 * const stop = feed.subscribe((revision) => console.log('changed', revision));
 * feed.changed();
 * stop();
 * feed.close();
 */
export class ChangeFeed {
  private readonly instance = randomBytes(4).toString('hex');
  private count = 0;
  private readonly listeners = new Set<(revision: Revision) => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly coalesceMs: number;
  private readonly unwatch: (() => void) | undefined;

  constructor(options: { clock?: Clock; coalesceMs?: number } = {}) {
    this.coalesceMs = options.coalesceMs ?? DEFAULT_COALESCE_MS;
    this.unwatch = options.clock?.watch?.(() => this.changed());
  }

  /** The current revision (it moves with every `changed()`). */
  get revision(): Revision {
    return `${this.instance}.${this.count}`;
  }

  /** Something may have changed: listeners hear it within `coalesceMs`, once for a whole burst. */
  changed(): void {
    this.count += 1;
    if (this.timer !== undefined || this.listeners.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const listener of [...this.listeners]) listener(this.revision);
    }, this.coalesceMs);
    this.timer.unref?.();
  }

  /** Calls `listener` with the revision after each burst of changes; answers the function that stops it. */
  subscribe(listener: (revision: Revision) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops watching the clock and drops every listener (the server calls it on close). */
  close(): void {
    this.unwatch?.();
    this.listeners.clear();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

const encoder = new TextEncoder();

/** The revisions of a feed as server-sent events until `signal` aborts: the current one first, then each change. */
async function* revisionEvents(feed: ChangeFeed, signal: AbortSignal): AsyncGenerator<Uint8Array[]> {
  let wake: (() => void) | undefined;
  let pending = false;
  const poke = () => {
    pending = true;
    wake?.();
  };
  const stop = feed.subscribe(poke);
  signal.addEventListener('abort', poke, { once: true });
  let beat = false;
  const heartbeat = setInterval(() => {
    beat = true;
    poke();
  }, HEARTBEAT_MS);
  heartbeat.unref?.();
  try {
    // retry: how long a browser waits before it reconnects (after a restart of the fake, say).
    yield [encoder.encode(`retry: 2000\nevent: revision\ndata: ${feed.revision}\n\n`)];
    while (!signal.aborted) {
      if (!pending) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      pending = false;
      if (signal.aborted) return;
      if (beat) {
        beat = false;
        yield [encoder.encode(': still here\n\n')];
        continue;
      }
      yield [encoder.encode(`event: revision\ndata: ${feed.revision}\n\n`)];
    }
  } finally {
    stop();
    clearInterval(heartbeat);
  }
}

/**
 * The answer to a web view's `EventSource`: `text/event-stream` of `revision` events (the feed's revision, never any
 * state), open until the page goes away or the server drains.
 *
 * @example
 * if (path === '/__view/events') return eventStreamResponse(feed);
 */
export function eventStreamResponse(feed: ChangeFeed): FakeResponse<string> {
  return {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: '',
    stream: (signal) => revisionEvents(feed, signal ?? new AbortController().signal),
  };
}
