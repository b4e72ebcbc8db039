import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createTestToken, verifyToken } from '../src/index.js';

vi.mock('node:crypto', async (original) => {
  const actual = await original<typeof import('node:crypto')>();
  return { ...actual, createHmac: vi.fn(actual.createHmac) };
});

describe('verifyToken checks a signature once per token', () => {
  it('computes the HMAC of a token the first time only, and still checks its times every time', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const token = createTestToken({ sub: 'me', exp: now / 1000 + 60 }, { secret: 'cache-secret' });
    const hmac = vi.mocked(crypto.createHmac);
    hmac.mockClear();
    expect(verifyToken(token, { secret: 'cache-secret', now }).sub).toBe('me');
    expect(verifyToken(token, { secret: 'cache-secret', now }).sub).toBe('me');
    expect(hmac).toHaveBeenCalledTimes(1);
    expect(() => verifyToken(token, { secret: 'cache-secret', now: now + 61_000 })).toThrow('Signature has expired.');
    // Another secret is another check, and it fails.
    expect(() => verifyToken(token, { secret: 'other-secret', now })).toThrow('Signature verification failed.');
  });

  it('answers claims the caller may change without changing later answers', () => {
    const token = createTestToken({ dealer_codes: ['D1'] }, { secret: 'cache-secret' });
    const first = verifyToken(token, { secret: 'cache-secret', now: 0 });
    (first.dealer_codes as string[]).push('D2');
    expect(verifyToken(token, { secret: 'cache-secret', now: 0 }).dealer_codes).toEqual(['D1']);
  });
});
