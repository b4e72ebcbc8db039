import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { JournalError } from './journal.js';
import { isRunning, processInfo } from './processes.js';

/** Who holds a journal's lock. */
export type LockHolder = { pid: number; host: string; since: string; start?: string };

/** The journal is in use by another run: names the holder. Nothing is sent. */
export class JournalLockedError extends JournalError {
  readonly holder: LockHolder | undefined;
  constructor(message: string, holder: LockHolder | undefined) {
    super(message);
    this.name = 'JournalLockedError';
    this.holder = holder;
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string' || typeof value.since !== 'string') return undefined;
    return { pid: value.pid, host: value.host, since: value.since, ...(typeof value.start === 'string' ? { start: value.start } : {}) };
  } catch {
    return undefined;
  }
}

/** The lock files this process holds (two runs in one process must not share a journal either). */
const held = new Set<string>();

/**
 * A holder that certainly no longer runs: on this host, and its process is gone (or its pid now names another, or
 * it names this process, which does not hold it: a container that reuses pids).
 */
function isStale(holder: LockHolder, file: string): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return !held.has(file);
  return !isRunning(holder.pid, holder.start);
}

function createExclusive(file: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

const same = (a: LockHolder | undefined, b: LockHolder | undefined) => a !== undefined && b !== undefined && a.pid === b.pid && a.host === b.host && a.since === b.since;

/**
 * The file journal's lock: `<journal>.lock`, created exclusively, holding the pid, host, start time and process
 * start of the run that writes the journal. A second run of the same account refuses at once, naming the holder.
 * A lock whose process is gone (a run killed with SIGKILL) is taken over: only by one run at a time (it first
 * creates `<journal>.lock.takeover` exclusively, then checks again that the lock is still the dead one), and only on
 * the host that wrote it, since no other host can tell whether that run still goes on.
 *
 * @example
 * const lock = JournalLock.acquire('.marketplace-sync/d1.journal');
 * try { ... } finally { lock.release(); }
 */
export class JournalLock {
  readonly file: string;
  readonly holder: LockHolder;
  #held = true;
  readonly #onExit = () => this.release();

  private constructor(file: string, holder: LockHolder) {
    this.file = file;
    this.holder = holder;
    held.add(file);
    // A process that exits without closing its journal (a second Ctrl-C) still leaves no lock behind.
    process.on('exit', this.#onExit);
  }

  /** Takes the lock of `journal` or throws `JournalLockedError` naming who holds it. */
  static acquire(journal: string): JournalLock {
    const file = `${journal}.lock`;
    const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), ...startOf(process.pid) };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (createExclusive(file, holder)) return new JournalLock(file, holder);
      const current = readHolder(file);
      if (current === undefined || !isStale(current, file)) throw refusal(journal, file, current);
      if (takeOver(file, current, holder)) return new JournalLock(file, holder);
    }
    throw refusal(journal, file, readHolder(file));
  }

  /** Gives the lock up (only if it is still this run's). Idempotent. */
  release(): void {
    if (!this.#held) return;
    this.#held = false;
    held.delete(this.file);
    process.off('exit', this.#onExit);
    if (same(readHolder(this.file), this.holder)) unlinkQuietly(this.file);
  }
}

function startOf(pid: number): { start?: string } {
  const start = processInfo(pid)?.startTicks;
  return start ? { start } : {};
}

/** Replaces a dead holder's lock, one run at a time. False when another run got there first. */
function takeOver(file: string, dead: LockHolder, holder: LockHolder): boolean {
  const guard = `${file}.takeover`;
  if (!createExclusive(guard, holder)) {
    // Another run is taking over; a guard left by a run killed mid-takeover is removed for the next attempt.
    const other = readHolder(guard);
    if (other !== undefined && isStale(other, guard)) unlinkQuietly(guard);
    return false;
  }
  try {
    if (!same(readHolder(file), dead)) return false;
    unlinkQuietly(file);
    return createExclusive(file, holder);
  } finally {
    unlinkQuietly(guard);
  }
}

function refusal(journal: string, file: string, holder: LockHolder | undefined): JournalLockedError {
  if (holder === undefined) {
    return new JournalLockedError(`${journal} is locked by another sync of this account (${file} names no holder); if no sync is running, delete ${file}`, undefined);
  }
  const here = holder.host === hostname();
  const check = here ? 'wait for it to finish' : `wait for it to finish (this host cannot see whether it still runs: if it is gone, delete ${file})`;
  return new JournalLockedError(`${journal} is in use by another sync of this account: pid ${holder.pid} on ${holder.host} since ${holder.since}; ${check}`, holder);
}
