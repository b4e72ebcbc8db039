import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createProImportClient, ProImportHttpError, ProImportOutcomeUnknownError, ProImportValidationError } from '../src/index.js';
import { carExample, startFakeApi, type FakeOptions } from './fake-api.js';
import type { Received } from './server.js';

// Issue 10, defect 3: a create whose answer is lost must never end as a false "source_id already exists", and a
// create the client cannot decide about says so.
const FAST = { retries: 3, minDelayMs: 1, maxDelayMs: 5 };
const FAST_WAIT = { intervalMs: 1, backoff: 1.2, maxIntervalMs: 5, timeoutMs: 5000 };
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function setup(options: FakeOptions) {
  const fake = await startFakeApi(options);
  close = fake.close;
  const client = createProImportClient({ token: 't', baseUrl: fake.url, retry: FAST });
  return { fake, client };
}

const isRead = (req: Received) => req.method === 'GET' && !req.path.endsWith('/log');
const isCreate = (req: Received) => req.method === 'POST';

/** Fails the first `n` requests that `which` selects with `status`, before they are handled. */
function failFirst(n: number, which: (req: Received) => boolean, status: number): FakeOptions['before'] {
  let failed = 0;
  return (req) => {
    if (!which(req) || failed >= n) return undefined;
    failed += 1;
    return { status, body: { detail: 'A server error occurred.' } };
  };
}

describe('a create whose answer was lost, and the read-back fails', () => {
  it('keeps reading back within the retry budget (500 included) and answers the stored ad', async () => {
    const { client, fake } = await setup({ loseFirstCreateResponse: true, before: failFirst(2, isRead, 500) });
    const ad = await client.car.create(carExample());
    expect(ad.source_id).toBe(carExample().source_id);
    expect(fake.ads.size).toBe(1);
    expect(fake.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'GET', 'GET', 'GET']);
  });

  it('when the read-back keeps failing, throws ProImportOutcomeUnknownError, not a validation error', async () => {
    const { client, fake } = await setup({ loseFirstCreateResponse: true, before: failFirst(100, isRead, 503) });
    const error = await client.car.create(carExample()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProImportOutcomeUnknownError);
    expect(error).not.toBeInstanceOf(ProImportValidationError);
    const unknown = error as ProImportOutcomeUnknownError;
    expect(unknown.sourceId).toBe(carExample().source_id);
    expect(unknown.message).toMatch(/^POST \/v4\/car: the outcome is unknown: an attempt of this create may have reached the server, then the server answered that the source_id is taken, and reading ad ".*" back \(GET \/v4\/car\/.*\) failed too \(GET \/v4\/car\/.* failed with HTTP 503.*\(retries exhausted after 4 attempts\)\)/);
    expect(unknown.cause).toBeInstanceOf(ProImportValidationError);
    expect(unknown.readError).toBeInstanceOf(ProImportHttpError);
    expect(fake.requests.filter(isRead)).toHaveLength(4);
    expect(inspect(unknown)).not.toContain('X-Auth-Token');
  });

  it('a read-back that finds nothing leaves the create\'s own error (a real conflict is still reported)', async () => {
    // The source_id is taken by an ad of another dealer the token cannot see: the read answers 404.
    const { client } = await setup({ loseFirstCreateResponse: true, before: (req) => (isRead(req) ? { status: 404, body: { detail: 'Not found.' } } : undefined) });
    const error = await client.car.create(carExample()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProImportValidationError);
  });
});

describe('HTTP 500 and creates', () => {
  it('a 500 after the server stored the ad: the create is sent again and resolves to the caller\'s own ad', async () => {
    let failed = false;
    const { client, fake } = await setup({
      after: (req) => {
        if (!isCreate(req) || failed) return undefined;
        failed = true;
        return { status: 500, body: { detail: 'A server error occurred.' } };
      },
    });
    const ad = await client.car.create(carExample());
    expect(ad.source_id).toBe(carExample().source_id);
    expect(fake.ads.size).toBe(1);
    expect(fake.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'GET']);
  });

  it('a 500 before anything was stored: the retry creates the ad', async () => {
    const { client, fake } = await setup({ before: failFirst(1, isCreate, 500) });
    await client.car.create(carExample());
    expect(fake.ads.size).toBe(1);
    expect(fake.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('when the retries run out after an attempt that stored the ad, the read-back finds it: no false failure', async () => {
    let lost = false;
    const { client, fake } = await setup({
      after: (req) => {
        if (!isCreate(req) || lost) return undefined;
        lost = true;
        return { destroy: true };
      },
      before: (req, index) => (isCreate(req) && index > 0 ? { status: 503, body: { detail: 'Service temporarily unavailable, try again later.' } } : undefined),
    });
    const ad = await client.car.create(carExample());
    expect(ad.source_id).toBe(carExample().source_id);
    expect(fake.ads.size).toBe(1);
    expect(fake.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'POST', 'POST', 'GET']);
  });

  it('when no attempt stored anything, the last error stands and says why the retries stopped', async () => {
    const { client, fake } = await setup({ before: (req) => (isCreate(req) ? { status: 502, body: { detail: 'Bad gateway.' } } : undefined) });
    const error = await client.car.create(carExample()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProImportHttpError);
    expect((error as ProImportHttpError).status).toBe(502);
    expect((error as ProImportHttpError).message).toBe('POST /v4/car failed with HTTP 502: {"detail":"Bad gateway."} (retries exhausted after 4 attempts)');
    expect(fake.ads.size).toBe(0);
    // A 502 may come after the work, so the client looked: a 404 says nothing was stored.
    expect(fake.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'POST', 'POST', 'GET']);
  });
});

describe('createAndWait through passing failures', () => {
  it('a create whose outcome is unknown is decided by reading the ad back until an answer comes, then followed', async () => {
    const { client, fake } = await setup({ loseFirstCreateResponse: true, before: failFirst(6, isRead, 503) });
    const result = await client.car.createAndWait(carExample(), FAST_WAIT);
    expect(result.ad.blocket_ad_id).toBeTypeOf('number');
    expect(fake.ads.size).toBe(1);
    expect(fake.requests.filter(isRead).length).toBeGreaterThan(6);
  });

  it('still undecided when the wait runs out: ProImportOutcomeUnknownError', async () => {
    const { client } = await setup({ loseFirstCreateResponse: true, before: failFirst(10_000, isRead, 503) });
    const error = await client.car.createAndWait(carExample(), { ...FAST_WAIT, timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProImportOutcomeUnknownError);
  });

  it('a wait whose polls fail more often than one call retries keeps polling: no false failure of a create that succeeded', async () => {
    const { client, fake } = await setup({ before: failFirst(6, (req) => req.path.endsWith('/log'), 500) });
    const result = await client.car.createAndWait(carExample(), FAST_WAIT);
    expect(result.ad.blocket_ad_id).toBeTypeOf('number');
    expect(fake.ads.size).toBe(1);
  });

  it('a wait that never gets an answer times out naming the last failure', async () => {
    const { client } = await setup({ before: (req) => (req.path.endsWith('/log') ? { status: 503, body: { detail: 'down' } } : undefined) });
    const error = await client.car.createAndWait(carExample(), { ...FAST_WAIT, timeoutMs: 60 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/did not happen within 60 ms .*; the last poll failed: GET \/v4\/car\/.*\/log failed with HTTP 503/);
  });
});
