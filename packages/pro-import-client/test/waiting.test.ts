import { afterEach, describe, expect, it } from 'vitest';
import { createProImportClient, ProImportActionError, ProImportTimeoutError, ProImportValidationError } from '../src/index.js';
import { carExample, startFakeApi, type FakeOptions } from './fake-api.js';

const FAST_WAIT = { intervalMs: 1, backoff: 1.2, maxIntervalMs: 5, timeoutMs: 5000 };
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function setup(options: FakeOptions = {}) {
  const fake = await startFakeApi(options);
  close = fake.close;
  const client = createProImportClient({ token: 't', baseUrl: fake.url, retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 } });
  return { fake, client };
}

const car = carExample;

describe('createAndWait', () => {
  it('resolves once publish is done and blocket_ad_id is set', async () => {
    const { client } = await setup();
    const result = await client.car.createAndWait(car(), FAST_WAIT);
    expect(result.ad.blocket_ad_id).toBeTypeOf('number');
    expect(result.entries.map((e) => `${e.action}:${e.state}`)).toEqual([
      'create:processing',
      'create:done',
      'handle_media:processing',
      'handle_media:done',
      'publish:processing',
      'publish:done',
    ]);
    expect(result.entries.every((e) => e.request_id === result.requestId)).toBe(true);
  });

  it('follows a create whose first response was lost, even when its log is older than the retry', async () => {
    const { client, fake } = await setup({ loseFirstCreateResponse: true, lostCreateAgeMs: 60_000 });
    const result = await client.car.createAndWait(car(), FAST_WAIT);
    expect(result.ad.blocket_ad_id).toBeTypeOf('number');
    expect(fake.ads.size).toBe(1);
  });

  it('for visible: false, resolves once create and handle_media are done', async () => {
    const { client } = await setup();
    const result = await client.car.createAndWait({ ...car(), visible: false }, FAST_WAIT);
    expect(result.ad.blocket_ad_id).toBeNull();
    expect(result.entries.map((e) => e.action)).not.toContain('publish');
  });

  it('rejects with ProImportActionError carrying the log when an action ends in error', async () => {
    const { client } = await setup({ failAction: 'handle_media' });
    const error = await client.car.createAndWait(car(), FAST_WAIT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProImportActionError);
    const action = error as ProImportActionError<{ action: string; state: string }>;
    expect(action.entries.at(-1)).toMatchObject({ action: 'handle_media', state: 'error' });
    expect(action.message).toMatch(/"handle_media" action of request .* ended in error: handle_media error/);
    expect(action.path).toBe(`/v4/car/${car().source_id}/log`);
  });

  it('gives up with ProImportTimeoutError after timeoutMs', async () => {
    const { client } = await setup({ stalled: true });
    const error = await client.car.createAndWait(car(), { ...FAST_WAIT, timeoutMs: 40 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProImportTimeoutError);
    expect((error as Error).message).toMatch(/did not happen within 40 ms/);
  });

  it('stops when the signal aborts', async () => {
    const { client } = await setup({ stalled: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user went away')), 30);
    await expect(client.car.createAndWait(car(), { ...FAST_WAIT, signal: controller.signal })).rejects.toThrow('user went away');
  });
});

describe('updateAndWait, patchAndWait, deleteAndWait, waitFor', () => {
  it('follows its own request, not an earlier one', async () => {
    const { client } = await setup();
    const created = await client.car.createAndWait(car(), FAST_WAIT);
    const id = String(created.ad.source_id);
    const updated = await client.car.updateAndWait(id, { body: 'Ny text' } as never, FAST_WAIT);
    expect(updated.requestId).not.toBe(created.requestId);
    expect(updated.entries.map((e) => e.action)).toEqual(['update', 'update', 'publish', 'publish']);
    const patched = await client.car.patchAndWait(id, { visible: false }, FAST_WAIT);
    expect(patched.requestId).not.toBe(updated.requestId);
    expect(patched.entries.map((e) => e.action)).toEqual(['update', 'update']);
    const deleted = await client.car.deleteAndWait(id, FAST_WAIT);
    expect(deleted.ad.state).toBe('deleted');
    const again = await client.ads.waitFor(id, { requestId: created.requestId, action: 'publish', ...FAST_WAIT });
    expect(again.requestId).toBe(created.requestId);
  });

  it('ads.deleteAndWait works for any type', async () => {
    const { client, fake } = await setup();
    await client.car.create(car());
    const fixture = fake.ads.get(String(car().source_id));
    expect(fixture).toBeDefined();
    const result = await client.ads.deleteAndWait(String(car().source_id), FAST_WAIT);
    expect(result.ad.state).toBe('deleted');
  });
});

describe('a create retried after a lost response', () => {
  it('resolves to the stored ad when it matches what was sent (no false failure, no duplicate)', async () => {
    const { client, fake } = await setup({ loseFirstCreateResponse: true });
    const ad = await client.car.create(car());
    expect(ad.source_id).toBe(car().source_id);
    expect(fake.ads.size).toBe(1);
    expect(fake.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'GET']);
  });

  it('throws the validation error when the stored ad differs', async () => {
    const { client, fake } = await setup({
      loseFirstCreateResponse: true,
      afterLoss: (ad) => {
        ad.category_fields = { ...(ad.category_fields as object), mileage: 1 };
      },
    });
    const error = await client.car.create(car()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProImportValidationError);
    expect(fake.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'GET']);
  });

  it('does not look the ad up when no attempt was lost (a real duplicate is an error)', async () => {
    const { client, fake } = await setup();
    await client.car.create(car());
    const error = await client.car.create(car()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProImportValidationError);
    expect((error as ProImportValidationError).errors).toEqual([{ path: 'source_id', messages: ['Ad with this source_id already exists.'] }]);
    expect(fake.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });
});
