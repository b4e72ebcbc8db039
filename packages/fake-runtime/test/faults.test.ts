import { describe, expect, it } from 'vitest';
import { applyHttpFault, HttpFaults, InputError, json, matchesRequest, Random } from '../src/index.js';

const respond = (status: number, retryAfter: number) => json(status, { status, retryAfter });

describe('HttpFaults', () => {
  it('consumes a schedule for matching requests only, in the order added', () => {
    const faults = new HttpFaults();
    faults.schedule({ method: 'POST', path: '/v1/listings', status: 503, count: 2 });
    faults.schedule({ path: '/v1/listings/*', status: 500 });
    expect(faults.takeHttpFault('GET', '/v1/listings')).toBeUndefined();
    expect(faults.takeHttpFault('post', '/v1/listings/')).toEqual({ status: 503, delayMs: 0, retryAfter: 1 });
    expect(faults.takeHttpFault('POST', '/v1/listings')?.status).toBe(503);
    expect(faults.takeHttpFault('POST', '/v1/listings')).toBeUndefined();
    expect(faults.takeHttpFault('GET', '/v1/listings/x')?.status).toBe(500);
    expect(faults.describe()).toEqual({ scheduled: [], rate: null });
  });

  it('a seeded rate fails the same requests on every run, with the given statuses', () => {
    const run = () => {
      const faults = new HttpFaults();
      faults.setRate({ rate: 0.3, seed: 5, statuses: [500, 503], path: '/v1/*' });
      return Array.from({ length: 60 }, () => faults.takeHttpFault('GET', '/v1/x')?.status ?? 200);
    };
    const first = run();
    expect(run()).toEqual(first);
    const failed = first.filter((s) => s !== 200);
    expect(failed.length).toBeGreaterThan(8);
    expect(failed.length).toBeLessThan(30);
    expect(new Set(failed)).toEqual(new Set([500, 503]));
    const other = new HttpFaults();
    other.setRate({ rate: 1, path: '/v1/*' });
    expect(other.takeHttpFault('GET', '/v2/x')).toBeUndefined();
  });

  it('refuses what it cannot inject and says what it can', () => {
    const faults = new HttpFaults();
    expect(() => faults.schedule({ status: 418 as never })).toThrow(
      'faults.schedule: status 418 cannot be injected; use one of 429, 500, 502, 503, 504',
    );
    expect(() => faults.schedule({})).toThrow('give a status (429, 500, 502, 503, 504), a delayMs, or both');
    expect(() => faults.schedule({ status: 500, count: 0 })).toThrow('faults.schedule: count must be >= 1, got 0');
    expect(() => faults.schedule({ status: 500, count: 1.5 })).toThrow('faults.schedule: count must be a whole number, got 1.5');
    expect(() => faults.setRate({ rate: 2 })).toThrow('faults.setRate: rate must be <= 1, got 2');
    expect(() => faults.setRate({ rate: 0.5, statuses: [404 as never] })).toThrow(
      'faults.setRate: statuses[0] 404 cannot be injected; use one of 429, 500, 502, 503, 504',
    );
  });

  it('refuses rules of the wrong types in one line and keeps working (a bad rule never turns requests into 500s)', () => {
    const faults = new HttpFaults();
    const refused = (run: () => void) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return (error as Error).message;
      }
      throw new Error('not refused');
    };
    expect(refused(() => faults.schedule({ path: 1, status: 503 } as never))).toBe('faults.schedule: path must be a string, got 1');
    expect(refused(() => faults.schedule({ method: ['GET'], status: 503 } as never))).toBe(
      'faults.schedule: method must be a string, got ["GET"]',
    );
    expect(refused(() => faults.schedule({ status: 503, stauts: 1 } as never))).toBe('faults.schedule: has unknown field "stauts"');
    expect(refused(() => faults.schedule(null as never))).toBe('faults.schedule: must be an object, got null');
    expect(refused(() => faults.setRate({ rate: '0.5' } as never))).toBe('faults.setRate: rate must be a number, got "0.5"');
    expect(refused(() => faults.setRate({ rate: 0.5, path: 7 } as never))).toBe('faults.setRate: path must be a string, got 7');
    expect(faults.describe()).toEqual({ scheduled: [], rate: null });
    expect(faults.takeHttpFault('GET', '/x')).toBeUndefined();
  });

  it('describes what is configured and clear removes it', () => {
    const faults = new HttpFaults();
    faults.schedule({ path: '/a', status: 429, retryAfter: 3 });
    faults.setRate({ rate: 0.1 });
    expect(faults.describe()).toEqual({
      scheduled: [{ path: '/a', status: 429, retryAfter: 3, count: 1 }],
      rate: { rate: 0.1 },
    });
    faults.clear();
    expect(faults.describe()).toEqual({ scheduled: [], rate: null });
  });
});

describe('matchesRequest', () => {
  it.each([
    [{}, 'GET', '/x', true],
    [{ method: '*', path: '*' }, 'DELETE', '/x', true],
    [{ method: 'get' }, 'GET', '/x', true],
    [{ method: 'POST' }, 'GET', '/x', false],
    [{ path: '/x/' }, 'GET', '/x', true],
    [{ path: '/x' }, 'GET', '/x/y', false],
    [{ path: '/x*' }, 'GET', '/x/y', true],
  ])('%j matches %s %s: %s', (rule, method, path, expected) => {
    expect(matchesRequest(rule, method, path)).toBe(expected);
  });
});

describe('applyHttpFault', () => {
  it('answers the injected status in the caller\'s shape, with Retry-After on 429 and 503 only', async () => {
    const faults = new HttpFaults();
    faults.schedule({ status: 429, retryAfter: 7 });
    faults.schedule({ status: 503 });
    faults.schedule({ status: 500 });
    const first = await applyHttpFault(faults, 'GET', '/x', { respond });
    expect(first).toEqual({
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '7' },
      body: '{"status":429,"retryAfter":7}',
    });
    expect((await applyHttpFault(faults, 'GET', '/x', { respond }))?.headers['retry-after']).toBe('1');
    expect((await applyHttpFault(faults, 'GET', '/x', { respond }))?.headers).toEqual({ 'content-type': 'application/json' });
    expect(await applyHttpFault(faults, 'GET', '/x', { respond })).toBeUndefined();
  });

  it('waits delayMs through the given sleep, then lets the request through when there is no status', async () => {
    const faults = new HttpFaults();
    faults.schedule({ delayMs: 1500 });
    faults.schedule({ delayMs: 10, status: 502 });
    const waited: number[] = [];
    const sleep = async (ms: number) => void waited.push(ms);
    expect(await applyHttpFault(faults, 'GET', '/x', { respond, sleep })).toBeUndefined();
    expect((await applyHttpFault(faults, 'GET', '/x', { respond, sleep }))?.status).toBe(502);
    expect(waited).toEqual([1500, 10]);
  });
});

describe('Random', () => {
  it('replays from a seed and from its saved state', () => {
    const a = new Random(3);
    const b = new Random(3);
    expect([a.next(), a.uuid()]).toEqual([b.next(), b.uuid()]);
    const resumed = new Random(a.seedState);
    expect(resumed.uuid()).toBe(a.uuid());
    expect(a.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Random(4).next()).not.toBe(new Random(3).next());
  });
});
