import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { JournalLock } from './journal-lock.js';
import { JournalError, recordInMemory, type Journal, type JournalFacts, type JournalIdentity, type JournalMemory, type JournalOp } from './journal.js';
import type { JsonObject, Remembered } from './types.js';

type FileRecord =
  | { t: 'target'; marketplace: string; target: string }
  | { t: 'run'; run: string; at: number }
  | { t: 'intent' | 'done' | 'failed'; run: string; id: string; op: JournalOp; fp: string; at: number; request_id?: string; remote?: JsonObject; error?: string }
  | { t: 'state'; id: string; op: JournalOp; status: Remembered['status']; fp: string; at: number; remote?: JsonObject }
  | { t: 'remote'; id: string; remote: JsonObject }
  | { t: 'end'; run: string; at: number };

/** What `FileJournal.read` finds in a journal file. */
export type FileJournalContents = JournalMemory & { target?: JournalIdentity };

export type FileJournalOptions = {
  /** `fsync` after every line (survives a power cut, not only a killed process). Default false. */
  fsync?: boolean;
  /** Take the journal's lock (`<file>.lock`), so two runs of one account never write at once. Default true. */
  lock?: boolean;
};

/**
 * The file journal: an append-only NDJSON file, one line per record, each written with one `write` before the
 * operation is sent (`intent`) and after its answer (`done`/`failed`), so a process killed at any point leaves at most
 * one half-written last line, which is ignored when the journal is read again. `close` compacts it to one `state`
 * line per source_id (a temporary file, then a rename: a kill during compaction leaves the old journal whole). It
 * holds no token.
 *
 * While it is open, `<file>.lock` names the run that holds it (pid, host, since when): a second `open` of the same
 * file refuses at once with `JournalLockedError`; the lock of a run that was killed is taken over. A run that
 * recorded nothing leaves no journal behind (a journal it created is removed again on `close`).
 *
 * @example
 * const journal = FileJournal.open('.marketplace-sync/pro-import.journal', { marketplace: 'pro-import', target: 'https://api.blocket.se/pro-import-api#D1' });
 * await journal.intent('car-1', 'create', fp);
 * await journal.done('car-1', 'create', fp, { requestId });
 * await journal.close();
 */
export class FileJournal implements Journal {
  readonly file: string;
  readonly identity: JournalIdentity;
  /** This run's id, on its `run` and `end` lines and on each operation's records. */
  readonly run: string;
  readonly remembered: Map<string, Remembered>;
  readonly interrupted: Map<string, Remembered>;
  #fd: number | undefined;
  readonly #fsync: boolean;
  #lock: JournalLock | undefined;
  /** Set when this run made the file (and its folder): removed again if nothing was recorded. */
  #created: { file: boolean; dir: string | undefined } = { file: false, dir: undefined };
  #recorded = false;

  private constructor(file: string, identity: JournalIdentity, memory: JournalMemory, fsync: boolean) {
    this.file = file;
    this.identity = identity;
    this.remembered = memory.remembered;
    this.interrupted = memory.interrupted;
    this.#fsync = fsync;
    this.run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  }

  /**
   * Opens (or creates) the journal of one marketplace account and starts a run. A journal written for another
   * marketplace or account is refused: its memory would be wrong there.
   */
  static open(file: string, identity: JournalIdentity, options: FileJournalOptions = {}): FileJournal {
    const dir = dirname(file);
    const madeDir = existsSync(dir) ? undefined : mkdirSync(dir, { recursive: true });
    let lock: JournalLock | undefined;
    try {
      lock = options.lock === false ? undefined : JournalLock.acquire(file);
      const contents = FileJournal.read(file);
      const { target } = contents;
      if (target !== undefined && (target.marketplace !== identity.marketplace || target.target !== identity.target)) {
        throw new JournalError(
          `${file}: this journal belongs to ${target.marketplace} ${target.target}, not ${identity.marketplace} ${identity.target}; use another --journal file for this account`,
        );
      }
      const journal = new FileJournal(file, identity, contents, options.fsync ?? false);
      journal.#lock = lock;
      journal.#created = { file: !existsSync(file), dir: madeDir };
      journal.#fd = openSync(file, 'a');
      if (target === undefined) journal.#append({ t: 'target', marketplace: identity.marketplace, target: identity.target });
      journal.#append({ t: 'run', run: journal.run, at: Date.now() });
      return journal;
    } catch (error) {
      lock?.release();
      if (madeDir !== undefined) removeEmptyDirs(dir, madeDir);
      throw error;
    }
  }

  /** Reads a journal file without opening it for writing (a dry run): its memory and whose it is. */
  static read(file: string): FileJournalContents {
    const memory: JournalMemory = { remembered: new Map(), interrupted: new Map() };
    if (!existsSync(file)) return memory;
    const lines = readFileSync(file, 'utf8').split('\n');
    let target: JournalIdentity | undefined;
    for (let i = 0; i < lines.length; i += 1) {
      const text = (lines[i] as string).trim();
      if (text === '') continue;
      let record: FileRecord;
      try {
        record = JSON.parse(text) as FileRecord;
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
          recordInMemory(memory, {
            kind: 'state',
            id: record.id,
            state: { op: record.op, status: record.status, fingerprint: record.fp, at: record.at, ...(record.remote ? { remote: record.remote } : {}) },
          });
          break;
        case 'intent':
          recordInMemory(memory, { kind: 'intent', id: record.id, op: record.op, fingerprint: record.fp, at: record.at });
          break;
        case 'done':
        case 'failed':
          recordInMemory(memory, { kind: record.t, id: record.id, op: record.op, fingerprint: record.fp, at: record.at, ...(record.remote ? { remote: record.remote } : {}) });
          break;
        case 'remote':
          recordInMemory(memory, { kind: 'remote', id: record.id, remote: record.remote });
          break;
        default:
          break;
      }
    }
    return { ...memory, ...(target ? { target } : {}) };
  }

  async intent(id: string, op: JournalOp, fp: string): Promise<void> {
    this.#recorded = true;
    const at = Date.now();
    this.#append({ t: 'intent', run: this.run, id, op, fp, at });
    recordInMemory(this, { kind: 'intent', id, op, fingerprint: fp, at });
  }

  async done(id: string, op: JournalOp, fp: string, facts: JournalFacts = {}): Promise<void> {
    this.#settle('done', id, op, fp, facts);
  }

  async failed(id: string, op: JournalOp, fp: string, error: string, remote?: JsonObject): Promise<void> {
    this.#settle('failed', id, op, fp, { error, ...(remote ? { remote } : {}) });
  }

  async remember(id: string, remote: JsonObject): Promise<void> {
    this.#recorded = true;
    this.#append({ t: 'remote', id, remote });
    recordInMemory(this, { kind: 'remote', id, remote });
  }

  #settle(status: 'done' | 'failed', id: string, op: JournalOp, fp: string, extra: JournalFacts & { error?: string }): void {
    this.#recorded = true;
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
    recordInMemory(this, { kind: status, id, op, fingerprint: fp, at, ...(extra.remote ? { remote: extra.remote } : {}) });
  }

  #append(record: FileRecord): void {
    if (this.#fd === undefined) throw new JournalError(`${this.file}: the journal is closed`);
    writeSync(this.#fd, `${JSON.stringify(record)}\n`);
    if (this.#fsync) fsyncSync(this.#fd);
  }

  /**
   * Ends the run and compacts the file to one `state` line per source_id (written to a temporary file and renamed,
   * so a kill during compaction leaves the old journal whole).
   */
  async close(): Promise<void> {
    if (this.#fd === undefined) return;
    try {
      this.#append({ t: 'end', run: this.run, at: Date.now() });
      closeSync(this.#fd);
      this.#fd = undefined;
      if (this.#created.file && !this.#recorded) {
        unlinkSync(this.file);
        this.#lock?.release();
        if (this.#created.dir !== undefined) removeEmptyDirs(dirname(this.file), this.#created.dir);
        return;
      }
      const lines: string[] = [JSON.stringify({ t: 'target', marketplace: this.identity.marketplace, target: this.identity.target })];
      for (const id of [...this.remembered.keys()].sort()) {
        const r = this.remembered.get(id) as Remembered;
        lines.push(JSON.stringify({ t: 'state', id, op: r.op, status: r.status, fp: r.fingerprint, at: r.at, ...(r.remote ? { remote: r.remote } : {}) }));
      }
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, `${lines.join('\n')}\n`);
      renameSync(temp, this.file);
    } finally {
      this.#lock?.release();
    }
  }
}

/** Removes `dir` and its parents up to `top` (the first folder `mkdirSync` made), as long as they are empty. */
function removeEmptyDirs(dir: string, top: string): void {
  for (let current = dir; ; current = dirname(current)) {
    try {
      rmdirSync(current);
    } catch {
      return;
    }
    if (current === top || dirname(current) === current) return;
  }
}
