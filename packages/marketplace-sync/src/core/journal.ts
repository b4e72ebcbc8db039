import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JsonObject, Remembered } from './types.js';

/** A journal that cannot be used: names the file (and the line). Nothing is sent. */
export class JournalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalError';
  }
}

type Op = Remembered['op'];

type JournalRecord =
  | { t: 'target'; marketplace: string; target: string }
  | { t: 'run'; run: string; at: number }
  | { t: 'intent' | 'done' | 'failed'; run: string; id: string; op: Op; fp: string; at: number; request_id?: string; remote?: JsonObject; error?: string }
  | { t: 'state'; id: string; op: Op; status: Remembered['status']; fp: string; at: number; remote?: JsonObject }
  | { t: 'remote'; id: string; remote: JsonObject }
  | { t: 'end'; run: string; at: number };

/**
 * The sync journal: an append-only NDJSON file, one line per event, written (one `write` per line) before an
 * operation is sent (`intent`) and after its answer (`done`/`failed`). A process killed at any point leaves at most
 * one half-written last line, which is ignored when the journal is read again. What it remembers per `source_id`
 * (the last operation, its fingerprint and the adapter's facts such as a Kleinanzeigen listing uuid) is what makes a
 * run resumable and tells a change still processing on the server from one never sent. It holds no token.
 *
 * @example
 * const journal = Journal.open('.marketplace-sync/pro-import.journal', { marketplace: 'pro-import', target: 'https://api.blocket.se/pro-import-api#D1' });
 * journal.intent('car-1', 'create', fp);
 * journal.done('car-1', 'create', fp, { requestId });
 * journal.close();
 */
export class Journal {
  readonly file: string;
  readonly run: string;
  readonly remembered: Map<string, Remembered>;
  /** Operations of an interrupted run whose answer never arrived (`intent` without `done`/`failed`). */
  readonly interrupted: Map<string, Remembered>;
  #fd: number | undefined;
  readonly #fsync: boolean;

  private constructor(file: string, remembered: Map<string, Remembered>, interrupted: Map<string, Remembered>, fsync: boolean) {
    this.file = file;
    this.remembered = remembered;
    this.interrupted = interrupted;
    this.#fsync = fsync;
    this.run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  }

  /**
   * Opens (or creates) the journal of one marketplace account. A journal written for another marketplace or
   * account is refused: its memory would be wrong there.
   */
  static open(file: string, identity: { marketplace: string; target: string }, options: { fsync?: boolean } = {}): Journal {
    const { remembered, interrupted, target } = Journal.read(file);
    if (target !== undefined && (target.marketplace !== identity.marketplace || target.target !== identity.target)) {
      throw new JournalError(
        `${file}: this journal belongs to ${target.marketplace} ${target.target}, not ${identity.marketplace} ${identity.target}; use another --journal file for this account`,
      );
    }
    const journal = new Journal(file, remembered, interrupted, options.fsync ?? false);
    mkdirSync(dirname(file), { recursive: true });
    journal.#fd = openSync(file, 'a');
    if (target === undefined) journal.#append({ t: 'target', marketplace: identity.marketplace, target: identity.target });
    journal.#append({ t: 'run', run: journal.run, at: Date.now() });
    return journal;
  }

  /** Reads a journal: the last word on every source_id, and the operations left without an answer. */
  static read(file: string): { remembered: Map<string, Remembered>; interrupted: Map<string, Remembered>; target?: { marketplace: string; target: string } } {
    const remembered = new Map<string, Remembered>();
    const interrupted = new Map<string, Remembered>();
    if (!existsSync(file)) return { remembered, interrupted };
    const lines = readFileSync(file, 'utf8').split('\n');
    let target: { marketplace: string; target: string } | undefined;
    for (let i = 0; i < lines.length; i += 1) {
      const text = (lines[i] as string).trim();
      if (text === '') continue;
      let record: JournalRecord;
      try {
        record = JSON.parse(text) as JournalRecord;
      } catch {
        // The last line may be half-written by a process that was killed: it never happened.
        if (lines.slice(i + 1).every((rest) => rest.trim() === '')) break;
        throw new JournalError(`${file}:${i + 1}: not a journal line (not JSON); the journal is damaged: move it away to start afresh (the next run then re-reads the server)`);
      }
      if (record === null || typeof record !== 'object' || typeof record.t !== 'string') {
        throw new JournalError(`${file}:${i + 1}: not a journal line; the journal is damaged: move it away to start afresh`);
      }
      switch (record.t) {
        case 'target':
          target = { marketplace: record.marketplace, target: record.target };
          break;
        case 'state':
          remembered.set(record.id, { op: record.op, status: record.status, fingerprint: record.fp, at: record.at, ...(record.remote ? { remote: record.remote } : {}) });
          if (record.status === 'intent') interrupted.set(record.id, remembered.get(record.id) as Remembered);
          break;
        case 'intent': {
          const before = remembered.get(record.id);
          const entry: Remembered = { op: record.op, status: 'intent', fingerprint: record.fp, at: record.at, ...(before?.remote ? { remote: before.remote } : {}) };
          remembered.set(record.id, entry);
          interrupted.set(record.id, entry);
          break;
        }
        case 'done':
        case 'failed': {
          const before = remembered.get(record.id);
          const remote = record.remote === undefined ? before?.remote : { ...before?.remote, ...record.remote };
          remembered.set(record.id, { op: record.op, status: record.t, fingerprint: record.fp, at: record.at, ...(remote ? { remote } : {}) });
          interrupted.delete(record.id);
          break;
        }
        case 'remote': {
          const before = remembered.get(record.id);
          if (before !== undefined) remembered.set(record.id, { ...before, remote: { ...before.remote, ...record.remote } });
          break;
        }
        default:
          break;
      }
    }
    return { remembered, interrupted, ...(target ? { target } : {}) };
  }

  intent(id: string, op: Op, fp: string): void {
    this.#append({ t: 'intent', run: this.run, id, op, fp, at: Date.now() });
    const before = this.remembered.get(id);
    this.remembered.set(id, { op, status: 'intent', fingerprint: fp, at: Date.now(), ...(before?.remote ? { remote: before.remote } : {}) });
  }

  done(id: string, op: Op, fp: string, extra: { requestId?: string; remote?: JsonObject } = {}): void {
    this.#settle('done', id, op, fp, extra);
  }

  failed(id: string, op: Op, fp: string, error: string, remote?: JsonObject): void {
    this.#settle('failed', id, op, fp, { error, ...(remote ? { remote } : {}) });
  }

  /** Records adapter facts at once, mid-operation (a listing uuid learnt before its images are uploaded). */
  remember(id: string, remote: JsonObject): void {
    const before = this.remembered.get(id);
    if (before === undefined) return;
    this.#append({ t: 'remote', id, remote });
    this.remembered.set(id, { ...before, remote: { ...before.remote, ...remote } });
    const open = this.interrupted.get(id);
    if (open !== undefined) this.interrupted.set(id, { ...open, remote: { ...open.remote, ...remote } });
  }

  #settle(status: 'done' | 'failed', id: string, op: Op, fp: string, extra: { requestId?: string; remote?: JsonObject; error?: string }): void {
    const at = Date.now();
    this.#append({
      t: status,
      run: this.run,
      id,
      op,
      fp,
      at,
      ...(extra.requestId ? { request_id: extra.requestId } : {}),
      ...(extra.remote ? { remote: extra.remote } : {}),
      ...(extra.error ? { error: extra.error } : {}),
    });
    const before = this.remembered.get(id);
    const remote = extra.remote === undefined ? before?.remote : { ...before?.remote, ...extra.remote };
    this.remembered.set(id, { op, status, fingerprint: fp, at, ...(remote ? { remote } : {}) });
    this.interrupted.delete(id);
  }

  #append(record: JournalRecord): void {
    if (this.#fd === undefined) throw new JournalError(`${this.file}: the journal is closed`);
    writeSync(this.#fd, `${JSON.stringify(record)}\n`);
    if (this.#fsync) fsyncSync(this.#fd);
  }

  /**
   * Ends the run and compacts the file to one `state` line per source_id (written to a temporary file and renamed,
   * so a kill during compaction leaves the old journal whole).
   */
  close(identity: { marketplace: string; target: string }): void {
    if (this.#fd === undefined) return;
    this.#append({ t: 'end', run: this.run, at: Date.now() });
    closeSync(this.#fd);
    this.#fd = undefined;
    const lines: string[] = [JSON.stringify({ t: 'target', marketplace: identity.marketplace, target: identity.target })];
    const ids = [...this.remembered.keys()].sort();
    for (const id of ids) {
      const r = this.remembered.get(id) as Remembered;
      lines.push(JSON.stringify({ t: 'state', id, op: r.op, status: r.status, fp: r.fingerprint, at: r.at, ...(r.remote ? { remote: r.remote } : {}) }));
    }
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${lines.join('\n')}\n`);
    renameSync(temp, this.file);
  }

  /** Closes the file without compacting (after an error). */
  abandon(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }
}
