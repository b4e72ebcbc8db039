import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileJournal, proImportAdapter, recordInMemory, sync, type Journal, type JournalMemory, type JsonObject } from '../src/index.js';
import { feedAds, settled, startEnv, stopEnv, tempDir, writeNdjson, type Env } from './helpers.js';

/**
 * A journal over another store (here: an array standing in for a table), written only through the `Journal` type:
 * what a PostgreSQL journal of the fleet does, with each write in the job's transaction.
 */
class TableJournal implements Journal {
  readonly rows: Array<Record<string, unknown>> = [];
  readonly remembered: JournalMemory['remembered'];
  readonly interrupted: JournalMemory['interrupted'];
  closed = false;

  constructor(memory: JournalMemory = { remembered: new Map(), interrupted: new Map() }) {
    this.remembered = memory.remembered;
    this.interrupted = memory.interrupted;
  }

  async intent(id: string, op: 'create' | 'update' | 'delete', fingerprint: string): Promise<void> {
    this.rows.push({ kind: 'intent', id, op, fingerprint });
    recordInMemory(this, { kind: 'intent', id, op, fingerprint, at: Date.now() });
  }

  async done(id: string, op: 'create' | 'update' | 'delete', fingerprint: string, facts: { requestId?: string; remote?: JsonObject } = {}): Promise<void> {
    this.rows.push({ kind: 'done', id, op, fingerprint });
    recordInMemory(this, { kind: 'done', id, op, fingerprint, at: Date.now(), ...(facts.remote ? { remote: facts.remote } : {}) });
  }

  async failed(id: string, op: 'create' | 'update' | 'delete', fingerprint: string, error: string, remote?: JsonObject): Promise<void> {
    this.rows.push({ kind: 'failed', id, op, fingerprint, error });
    recordInMemory(this, { kind: 'failed', id, op, fingerprint, at: Date.now(), ...(remote ? { remote } : {}) });
  }

  async remember(id: string, remote: JsonObject): Promise<void> {
    this.rows.push({ kind: 'remote', id, remote });
    recordInMemory(this, { kind: 'remote', id, remote });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

describe('the Journal type', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(() => stopEnv(env));

  it('another implementation carries a sync: an intent before every operation, its answer after', async () => {
    const ads = feedAds(4, 41);
    const feed = writeNdjson(join(env.dir, 'table.ndjson'), ads);
    const adapter = proImportAdapter({ token: env.token, baseUrl: env.proxy.url });
    const journal = new TableJournal();
    const { result } = await sync({ feed, adapter, journal });
    expect(result?.converged).toBe(true);
    expect(journal.rows.map((r) => `${String(r.kind)} ${String(r.id)}`).sort()).toEqual(
      ads.flatMap((a) => [`done ${a.source_id}`, `intent ${a.source_id}`]).sort(),
    );
    expect([...journal.remembered.values()].every((r) => r.op === 'create' && r.status === 'done')).toBe(true);
    settled(env);
  });

  it('the file journal replays to the same memory after a run, and compacts to one line per ad', async () => {
    const dir = tempDir();
    const file = join(dir, 'x.journal');
    const identity = { marketplace: 'pro-import', target: 'test#D1' };
    const journal = FileJournal.open(file, identity);
    await journal.intent('a', 'create', 'fp-a');
    await journal.done('a', 'create', 'fp-a', { remote: { listingUuid: 'u-1' } });
    await journal.intent('b', 'update', 'fp-b');
    await journal.remember('b', { images: ['x'] });
    // A process killed here: the file holds b's intent, unanswered.
    const replayed = FileJournal.read(file);
    expect(replayed.remembered.get('a')).toMatchObject({ op: 'create', status: 'done', remote: { listingUuid: 'u-1' } });
    expect(replayed.interrupted.get('b')).toMatchObject({ op: 'update', status: 'intent', remote: { images: ['x'] } });
    await journal.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(FileJournal.read(file).interrupted.has('b')).toBe(true);
  });
});
