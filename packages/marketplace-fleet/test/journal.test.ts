import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { JournalError, recordInMemory, type JournalMemory, type JournalRecord } from '@x/marketplace-sync';
import { LeaseLostError, PgJournal, StoppingError } from '../src/journal.js';
import { freshDatabase } from './helpers.js';

const identity = { marketplace: 'pro-import', target: 'http://127.0.0.1/pro-import-api#J' };

// The PostgreSQL journal keeps the same memory as the sync's rule (`recordInMemory`) says, survives its process
// (any worker reopens it), and refuses every write once another worker holds the dealer's lease.
describe('PgJournal', () => {
  let pool: pg.Pool;
  let lease: string;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: await freshDatabase('journal'), max: 3 });
    lease = randomUUID();
    await pool.query(`INSERT INTO fleet.dealer (dealer, marketplace, lease) VALUES ('J', 'pro-import', $1)`, [lease]);
  });
  afterAll(() => pool.end());

  it('reopened by another process, it remembers what recordInMemory says it should', async () => {
    const journal = await PgJournal.open(pool, { dealer: 'J', marketplace: 'pro-import', lease, identity });
    const expected: JournalMemory = { remembered: new Map(), interrupted: new Map() };
    await journal.intent('car-1', 'create', 'fp1');
    await journal.remember('car-1', { listingUuid: 'u1' });
    await journal.done('car-1', 'create', 'fp1', { requestId: 'r1', remote: { publicationUuid: 'p1' } });
    await journal.intent('car-2', 'update', 'fp2');
    await journal.failed('car-2', 'update', 'fp2', 'the server said 500', { image: 'x' });
    await journal.intent('boat-3', 'delete', 'deleted');
    await journal.remember('boat-4', { listingUuid: 'u4' });
    const records: JournalRecord[] = [
      { kind: 'intent', id: 'car-1', op: 'create', fingerprint: 'fp1', at: 0 },
      { kind: 'remote', id: 'car-1', remote: { listingUuid: 'u1' } },
      { kind: 'done', id: 'car-1', op: 'create', fingerprint: 'fp1', at: 0, remote: { publicationUuid: 'p1' } },
      { kind: 'intent', id: 'car-2', op: 'update', fingerprint: 'fp2', at: 0 },
      { kind: 'failed', id: 'car-2', op: 'update', fingerprint: 'fp2', at: 0, remote: { image: 'x' } },
      { kind: 'intent', id: 'boat-3', op: 'delete', fingerprint: 'deleted', at: 0 },
      { kind: 'remote', id: 'boat-4', remote: { listingUuid: 'u4' } },
    ];
    for (const record of records) recordInMemory(expected, record);
    const strip = (m: ReadonlyMap<string, { at: number }>) => Object.fromEntries([...m].map(([k, v]) => [k, { ...v, at: 0 }]));
    await journal.close();
    const reopened = await PgJournal.open(pool, { dealer: 'J', marketplace: 'pro-import', lease, identity });
    expect(strip(reopened.remembered)).toEqual(strip(expected.remembered));
    expect(strip(reopened.interrupted)).toEqual(strip(expected.interrupted));
    expect(strip(journal.remembered)).toEqual(strip(expected.remembered));
    expect([...reopened.interrupted.keys()].sort()).toEqual(['boat-3', 'boat-4']);
    const [row] = (await pool.query(`SELECT progress FROM fleet.dealer WHERE dealer = 'J'`)).rows as Array<{ progress: Record<string, number> }>;
    expect(row?.progress).toEqual({ created: 1, failed: 1 });
  });

  it('once another worker holds the lease, every write is refused and nothing is written', async () => {
    const journal = await PgJournal.open(pool, { dealer: 'J', marketplace: 'pro-import', lease, identity });
    await pool.query(`UPDATE fleet.dealer SET lease = $1 WHERE dealer = 'J'`, [randomUUID()]);
    await expect(journal.intent('car-9', 'create', 'fp9')).rejects.toThrow(LeaseLostError);
    await expect(journal.done('car-1', 'update', 'fpX')).rejects.toThrow(LeaseLostError);
    await expect(journal.remember('car-1', { listingUuid: 'stolen' })).rejects.toThrow(LeaseLostError);
    const rows = (await pool.query(`SELECT source_id, op, fingerprint, remote FROM fleet.journal WHERE dealer = 'J' AND source_id IN ('car-1', 'car-9')`)).rows;
    expect(rows).toEqual([{ source_id: 'car-1', op: 'create', fingerprint: 'fp1', remote: { listingUuid: 'u1', publicationUuid: 'p1' } }]);
    await expect(PgJournal.open(pool, { dealer: 'J', marketplace: 'pro-import', lease, identity })).rejects.toThrow(LeaseLostError);
  });

  it('a journal of another account is refused; a stopping journal refuses new operations but records answers', async () => {
    lease = randomUUID();
    await pool.query(`UPDATE fleet.dealer SET lease = $1 WHERE dealer = 'J'`, [lease]);
    await expect(PgJournal.open(pool, { dealer: 'J', marketplace: 'pro-import', lease, identity: { ...identity, target: 'https://api.blocket.se/pro-import-api#J' } })).rejects.toThrow(
      new JournalError(
        'pro-import dealer J: the journal in the database belongs to http://127.0.0.1/pro-import-api#J, not https://api.blocket.se/pro-import-api#J (baseUrl or account changed); delete the dealer\'s journal rows to start afresh (the next run then re-reads the server)',
      ),
    );
    const journal = await PgJournal.open(pool, { dealer: 'J', marketplace: 'pro-import', lease, identity });
    await journal.intent('car-5', 'create', 'fp5');
    journal.stopIntents();
    await expect(journal.intent('car-6', 'create', 'fp6')).rejects.toThrow(StoppingError);
    expect(journal.inFlight).toBe(1);
    const settled = journal.settled(10_000);
    await journal.done('car-5', 'create', 'fp5');
    expect(await settled).toBe(true);
    expect(journal.inFlight).toBe(0);
  });
});
