import { afterEach } from 'vitest';
import { createKleinanzeigenClient, type CommonClientOptions } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, startFakeApi, type FakeApi, type FakeApiOptions } from './fake-api.js';

const running: FakeApi[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((api) => api.close()));
});

/** A fake API for this test, closed after it. */
export async function fakeApi(options?: FakeApiOptions): Promise<FakeApi> {
  const api = await startFakeApi(options);
  running.push(api);
  return api;
}

/** Fast retries: tests wait milliseconds, not seconds. */
export const FAST_RETRY = { retries: 2, minDelayMs: 1, maxDelayMs: 5 };

/** A client of `api` with its client credentials. */
export function clientFor(api: FakeApi, options: CommonClientOptions = {}) {
  return createKleinanzeigenClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: api.baseUrl, tokenUrl: api.tokenUrl, retry: FAST_RETRY, ...options });
}
