import type { JsonObject, Remembered } from './types.js';

/** The operation a journal entry is about. */
export type JournalOp = Remembered['op'];

/** The account a journal belongs to: its memory is only true there. */
export type JournalIdentity = { marketplace: string; target: string };

/** What an answered operation leaves in the journal besides its status. */
export type JournalFacts = {
  /** The server's request id (Pro Import's log `request_id`), when known. */
  requestId?: string;
  /** Adapter facts to keep across runs (Kleinanzeigen: listing and publication uuids, images). Merged into what is known. */
  remote?: JsonObject;
};

/**
 * The sync's memory of one marketplace account: what `plan`, `apply` and `sync` read and write. An operation is
 * recorded before it is sent (`intent`) and after its answer (`done` or `failed`), so a run killed at any moment
 * leaves every operation it may have sent on record, and the next run neither repeats a change the server already
 * made nor forgets an ad it may have created (Kleinanzeigen cannot list listings: there the journal *is* the record).
 *
 * Every write resolves only once it is durable: `apply` sends the request after `intent` resolves. `remembered` and
 * `interrupted` hold what the journal knew when it was opened, kept current by the writes of the run.
 *
 * `FileJournal` (an append-only NDJSON file) is this package's implementation. Another store implements the same
 * type: a database journal keeps one row per `source_id`, writes each record in the transaction of the job's
 * progress, replays its rows with `recordInMemory`, and keeps two runs of one account apart with the database's own
 * lock (an advisory lock on the account) where the file journal uses a lock file.
 *
 * @example
 * const journal: Journal = FileJournal.open('.marketplace-sync/d1.journal', { marketplace: 'pro-import', target: 'prod#D1' });
 * try {
 *   await sync({ feed: 'stock.ndjson', adapter, journal });
 * } finally {
 *   await journal.close();
 * }
 */
export type Journal = {
  /** The last word on every source_id: the last operation sent, its fingerprint, how it ended, the adapter's facts. */
  readonly remembered: ReadonlyMap<string, Remembered>;
  /** Operations an earlier run sent whose answer it never recorded (it was killed): they may still land. */
  readonly interrupted: ReadonlyMap<string, Remembered>;
  /** Records that `op` is about to be sent for `sourceId`, with the fingerprint of what it sends. */
  intent(sourceId: string, op: JournalOp, fingerprint: string): Promise<void>;
  /**
   * Records that the server accepted the operation. Its processing (Pro Import's log, Kleinanzeigen's publication) may
   * still have failed: that is read from the server by the next plan.
   */
  done(sourceId: string, op: JournalOp, fingerprint: string, facts?: JournalFacts): Promise<void>;
  /** Records that the operation failed before the server accepted it, why (one line, no secret), and the facts learnt meanwhile. */
  failed(sourceId: string, op: JournalOp, fingerprint: string, error: string, remote?: JsonObject): Promise<void>;
  /** Records adapter facts at once, mid-operation (a listing uuid, before its images are uploaded). */
  remember(sourceId: string, remote: JsonObject): Promise<void>;
  /**
   * Ends the run, whether it finished, failed or was interrupted, and releases what it holds (the file journal's
   * lock). Idempotent; nothing may be written after it.
   */
  close(): Promise<void>;
};

/** A journal that cannot be used: names the file (and the line). Nothing is sent. */
export class JournalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalError';
  }
}

/** What a journal's records say: the last word per source_id, and the operations left without an answer. */
export type JournalMemory = {
  remembered: Map<string, Remembered>;
  interrupted: Map<string, Remembered>;
};

/** One record as `recordInMemory` applies it. */
export type JournalRecord =
  | { kind: 'intent'; id: string; op: JournalOp; fingerprint: string; at: number }
  | { kind: 'done' | 'failed'; id: string; op: JournalOp; fingerprint: string; at: number; remote?: JsonObject }
  | { kind: 'remote'; id: string; remote: JsonObject }
  | { kind: 'state'; id: string; state: Remembered };

/**
 * Applies one record to a journal's memory: the one rule of what a record means, for the file journal's replay and
 * for any other implementation that keeps the same memory.
 *
 * @example
 * const memory: JournalMemory = { remembered: new Map(), interrupted: new Map() };
 * recordInMemory(memory, { kind: 'intent', id: 'car-1', op: 'create', fingerprint: fp, at: Date.now() });
 */
export function recordInMemory(memory: JournalMemory, record: JournalRecord): void {
  const { remembered, interrupted } = memory;
  const before = remembered.get(record.id);
  switch (record.kind) {
    case 'state':
      remembered.set(record.id, record.state);
      if (record.state.status === 'intent') interrupted.set(record.id, record.state);
      else interrupted.delete(record.id);
      return;
    case 'intent': {
      const entry: Remembered = { op: record.op, status: 'intent', fingerprint: record.fingerprint, at: record.at, ...(before?.remote ? { remote: before.remote } : {}) };
      remembered.set(record.id, entry);
      interrupted.set(record.id, entry);
      return;
    }
    case 'done':
    case 'failed': {
      const remote = record.remote === undefined ? before?.remote : { ...before?.remote, ...record.remote };
      remembered.set(record.id, { op: record.op, status: record.kind, fingerprint: record.fingerprint, at: record.at, ...(remote ? { remote } : {}) });
      interrupted.delete(record.id);
      return;
    }
    case 'remote': {
      // Facts about an ad with no operation on record are kept too: they may name something made on the server.
      const merged: Remembered =
        before === undefined
          ? { op: 'create', status: 'intent', fingerprint: '', at: Date.now(), remote: record.remote }
          : { ...before, remote: { ...before.remote, ...record.remote } };
      remembered.set(record.id, merged);
      if (merged.status === 'intent') interrupted.set(record.id, merged);
      return;
    }
  }
}
