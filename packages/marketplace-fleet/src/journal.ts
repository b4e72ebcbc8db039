import { JournalError, recordInMemory, type Journal, type JournalFacts, type JournalIdentity, type JournalMemory, type JournalOp, type JsonObject, type Remembered } from '@x/marketplace-sync';
import { SCHEMA, type Sql } from './db.js';

/** Another worker holds this dealer's job now (this one's lease expired): nothing more may be written or sent. */
export class LeaseLostError extends Error {
  constructor(dealer: string, marketplace: string) {
    super(`${marketplace} dealer ${dealer}: another worker took over this job (this worker's lease expired); it stops here`);
    this.name = 'LeaseLostError';
  }
}

/** The worker is stopping: no new operation is sent; the job is left for another worker to resume. */
export class StoppingError extends Error {
  constructor() {
    super('the worker is stopping: no new operation is sent; the job is resumed by the next worker');
    this.name = 'StoppingError';
  }
}

type Row = { source_id: string; op: JournalOp; status: Remembered['status']; fingerprint: string; at: string; remote: JsonObject | null };

/** Options of `PgJournal.open`. */
export type PgJournalOptions = {
  dealer: string;
  marketplace: string;
  /** The fencing token of the run: every write checks it is still the dealer's lease, in the same statement. */
  lease: string;
  /** The account the memory belongs to (never a credential): a journal of another account is refused. */
  identity: JournalIdentity;
};

const WRITE = `
  WITH lease AS (
    UPDATE ${SCHEMA}.dealer SET
      run_heartbeat_at = now(),
      progress = CASE WHEN $12::text IS NULL THEN progress
                      ELSE jsonb_set(progress, ARRAY[$12::text], to_jsonb(COALESCE((progress ->> $12::text)::int, 0) + 1)) END
    WHERE dealer = $1 AND marketplace = $2 AND lease = $3
    RETURNING 1
  ), written AS (
    INSERT INTO ${SCHEMA}.journal AS j (dealer, marketplace, source_id, op, status, fingerprint, at, remote, request_id, error)
    SELECT $1, $2, $4, $5, $6, $7, $8, $9::jsonb, $10, $11 WHERE EXISTS (SELECT 1 FROM lease)
    ON CONFLICT (dealer, marketplace, source_id) DO UPDATE SET
      op = EXCLUDED.op,
      status = EXCLUDED.status,
      fingerprint = EXCLUDED.fingerprint,
      at = EXCLUDED.at,
      remote = CASE WHEN EXCLUDED.remote IS NULL THEN j.remote ELSE COALESCE(j.remote, '{}'::jsonb) || EXCLUDED.remote END,
      request_id = EXCLUDED.request_id,
      error = EXCLUDED.error
    RETURNING 1
  )
  SELECT count(*)::int AS leased FROM lease`;

const REMEMBER = `
  WITH lease AS (
    UPDATE ${SCHEMA}.dealer SET run_heartbeat_at = now() WHERE dealer = $1 AND marketplace = $2 AND lease = $3 RETURNING 1
  ), written AS (
    INSERT INTO ${SCHEMA}.journal AS j (dealer, marketplace, source_id, op, status, fingerprint, at, remote)
    SELECT $1, $2, $4, 'create', 'intent', '', $5, $6::jsonb WHERE EXISTS (SELECT 1 FROM lease)
    ON CONFLICT (dealer, marketplace, source_id) DO UPDATE SET remote = COALESCE(j.remote, '{}'::jsonb) || EXCLUDED.remote
    RETURNING 1
  )
  SELECT count(*)::int AS leased FROM lease`;

const COUNTER: Record<JournalOp, string> = { create: 'created', update: 'updated', delete: 'deleted', retry: 'retried' };

/**
 * The sync's journal in PostgreSQL, for the fleet: one row per `source_id` in `fleet.journal` (the last word on it),
 * next to the dealer's job. Each record is one statement, so one transaction, that also moves the run's progress
 * counters on the dealer's row and checks the run's lease (a fencing token): a worker whose job was handed to another
 * worker cannot record, and so (since `apply` sends only after `intent` resolves) cannot send, anything more. Any
 * worker opens the same memory, so a dealer a killed worker was in is resumed without sending anything twice.
 *
 * @example
 * const journal = await PgJournal.open(pool, { dealer: 'D1', marketplace: 'pro-import', lease, identity });
 * await sync({ feed, adapter, journal });
 * await journal.close();
 */
export class PgJournal implements Journal {
  readonly remembered: Map<string, Remembered>;
  readonly interrupted: Map<string, Remembered>;
  readonly #sql: Sql;
  readonly #options: PgJournalOptions;
  /** Operations recorded as sent whose answer is not recorded yet (the worker waits for them before it lets go). */
  readonly #open = new Set<string>();
  #waiters: Array<() => void> = [];
  #stopping = false;
  #closed = false;

  private constructor(sql: Sql, options: PgJournalOptions, memory: JournalMemory) {
    this.#sql = sql;
    this.#options = options;
    this.remembered = memory.remembered;
    this.interrupted = memory.interrupted;
  }

  /**
   * Reads a dealer's journal (every row becomes the memory `recordInMemory` keeps) and checks it belongs to the
   * same account. The caller must hold the dealer's lease (`lease` on its row).
   */
  static async open(sql: Sql, options: PgJournalOptions): Promise<PgJournal> {
    const { dealer, marketplace, identity } = options;
    const owner = await sql.query<{ target: string | null }>(
      `UPDATE ${SCHEMA}.dealer SET target = COALESCE(target, $4) WHERE dealer = $1 AND marketplace = $2 AND lease = $3 RETURNING target`,
      [dealer, marketplace, options.lease, identity.target],
    );
    if (owner.rowCount === 0) throw new LeaseLostError(dealer, marketplace);
    const target = owner.rows[0]?.target;
    if (target !== identity.target) {
      throw new JournalError(
        `${marketplace} dealer ${dealer}: the journal in the database belongs to ${target}, not ${identity.target} (baseUrl or account changed); delete the dealer's journal rows to start afresh (the next run then re-reads the server)`,
      );
    }
    const memory: JournalMemory = { remembered: new Map(), interrupted: new Map() };
    const rows = await sql.query<Row>(`SELECT source_id, op, status, fingerprint, at, remote FROM ${SCHEMA}.journal WHERE dealer = $1 AND marketplace = $2`, [dealer, marketplace]);
    for (const row of rows.rows) {
      recordInMemory(memory, {
        kind: 'state',
        id: row.source_id,
        state: { op: row.op, status: row.status, fingerprint: row.fingerprint, at: Number(row.at), ...(row.remote ? { remote: row.remote } : {}) },
      });
    }
    return new PgJournal(sql, options, memory);
  }

  async intent(id: string, op: JournalOp, fp: string): Promise<void> {
    if (this.#stopping) throw new StoppingError();
    const at = Date.now();
    this.#open.add(id);
    try {
      await this.#write([id, op, 'intent', fp, at, null, null, null, null]);
    } catch (error) {
      this.#settled(id);
      throw error;
    }
    recordInMemory(this, { kind: 'intent', id, op, fingerprint: fp, at });
  }

  async done(id: string, op: JournalOp, fp: string, facts: JournalFacts = {}): Promise<void> {
    const at = Date.now();
    try {
      await this.#write([id, op, 'done', fp, at, facts.remote ? JSON.stringify(facts.remote) : null, facts.requestId ?? null, null, COUNTER[op]]);
      recordInMemory(this, { kind: 'done', id, op, fingerprint: fp, at, ...(facts.remote ? { remote: facts.remote } : {}) });
    } finally {
      this.#settled(id);
    }
  }

  async failed(id: string, op: JournalOp, fp: string, error: string, remote?: JsonObject): Promise<void> {
    const at = Date.now();
    try {
      await this.#write([id, op, 'failed', fp, at, remote ? JSON.stringify(remote) : null, null, error.slice(0, 2000), 'failed']);
      recordInMemory(this, { kind: 'failed', id, op, fingerprint: fp, at, ...(remote ? { remote } : {}) });
    } finally {
      this.#settled(id);
    }
  }

  async remember(id: string, remote: JsonObject): Promise<void> {
    this.#assertOpen();
    const { dealer, marketplace, lease } = this.#options;
    const result = await this.#sql.query<{ leased: number }>(REMEMBER, [dealer, marketplace, lease, id, Date.now(), JSON.stringify(remote)]);
    if (result.rows[0]?.leased !== 1) throw new LeaseLostError(dealer, marketplace);
    recordInMemory(this, { kind: 'remote', id, remote });
  }

  /** From now on `intent` refuses (`StoppingError`): no new operation is sent. Answers of those sent are still recorded. */
  stopIntents(): void {
    this.#stopping = true;
  }

  /** How many operations are sent and not answered yet. */
  get inFlight(): number {
    return this.#open.size;
  }

  /** Resolves once every operation sent has its answer recorded (or after `timeoutMs`). */
  async settled(timeoutMs: number): Promise<boolean> {
    if (this.#open.size === 0) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(this.#open.size === 0), timeoutMs);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #settled(id: string): void {
    this.#open.delete(id);
    if (this.#open.size > 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  #assertOpen(): void {
    if (this.#closed) throw new JournalError(`${this.#options.marketplace} dealer ${this.#options.dealer}: the journal is closed`);
  }

  async #write(values: [string, JournalOp, Remembered['status'], string, number, string | null, string | null, string | null, string | null]): Promise<void> {
    this.#assertOpen();
    const { dealer, marketplace, lease } = this.#options;
    const [id, op, status, fp, at, remote, requestId, error, counter] = values;
    const result = await this.#sql.query<{ leased: number }>(WRITE, [dealer, marketplace, lease, id, op, status, fp, at, remote, requestId, error, counter]);
    if (result.rows[0]?.leased !== 1) throw new LeaseLostError(dealer, marketplace);
  }
}
