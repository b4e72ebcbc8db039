import { describe, expect, it } from 'vitest';
import { createTestToken, TokenError, verifyToken } from '../src/index.js';

const secret = 'runtime-test-secret';
const NOW = Date.parse('2025-06-01T12:00:00Z');
const seconds = NOW / 1000;

function refusal(token: string | null, now = NOW): { reason: string; message: string } {
  try {
    verifyToken(token, { secret, now });
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    return { reason: error.reason, message: error.message };
  }
  throw new Error('the token was accepted');
}

describe('HS256 test tokens', () => {
  it('round-trip their claims', () => {
    const token = createTestToken({ sub: 'u1', aud: 'api', exp: seconds + 60 }, { secret });
    expect(token.split('.')).toHaveLength(3);
    expect(verifyToken(token, { secret, now: NOW })).toEqual({ sub: 'u1', aud: 'api', exp: seconds + 60 });
  });

  it('honour exp: refused at and after it, with the reason and without the token', () => {
    const token = createTestToken({ exp: seconds + 60 }, { secret });
    expect(verifyToken(token, { secret, now: NOW + 59_999 })).toEqual({ exp: seconds + 60 });
    const at = refusal(token, NOW + 60_000);
    expect(at).toEqual({ reason: 'expired', message: 'Signature has expired.' });
    expect(at.message).not.toContain(token);
  });

  it('honour nbf: refused before it, accepted from it on', () => {
    const token = createTestToken({ nbf: seconds + 10 }, { secret });
    expect(refusal(token, NOW + 9_999)).toEqual({ reason: 'not-yet-valid', message: 'The token is not yet valid (nbf).' });
    expect(verifyToken(token, { secret, now: NOW + 10_000 })).toEqual({ nbf: seconds + 10 });
  });

  it.each([
    [null, 'missing', 'Authentication credentials were not provided.'],
    ['  ', 'missing', 'Authentication credentials were not provided.'],
    ['a.b', 'malformed', 'Not enough segments; expected a JWT (header.payload.signature).'],
    ['!!.e30.x', 'malformed', 'Header is not base64url-encoded JSON.'],
  ])('refuse %j: %s', (token, reason, message) => {
    expect(refusal(token)).toEqual({ reason, message });
  });

  it('refuse another secret, another algorithm, a tampered payload and non-numeric time claims', () => {
    const good = createTestToken({ sub: 'u1' }, { secret });
    expect(refusal(createTestToken({ sub: 'u1' }, { secret: 'other' })).reason).toBe('signature');
    const [header, payload, signature] = good.split('.') as [string, string, string];
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    expect(refusal(`${none}.${payload}.`)).toEqual({
      reason: 'algorithm',
      message: 'The specified alg value is not allowed; expected HS256.',
    });
    const tampered = Buffer.from(JSON.stringify({ sub: 'admin' })).toString('base64url');
    expect(refusal(`${header}.${tampered}.${signature}`).reason).toBe('signature');
    expect(refusal(createTestToken({ exp: 'never' as never }, { secret }))).toEqual({
      reason: 'claims',
      message: 'Expiration Time claim (exp) must be a number.',
    });
    expect(refusal(createTestToken({ nbf: 'later' as never }, { secret })).message).toBe(
      'Not Before claim (nbf) must be a number.',
    );
  });

  it('accept only canonical base64url: other spellings of a valid signature, header or payload are refused', () => {
    // A token whose signature uses both base64url-only characters, so the `+/` spelling differs from it.
    let token = '';
    const signatureOf = (t: string) => t.split('.')[2] ?? '';
    for (let i = 0; !signatureOf(token).includes('-') || !signatureOf(token).includes('_'); i++)
      token = createTestToken({ sub: `u${i}` }, { secret });
    expect(verifyToken(token, { secret, now: NOW })).toMatchObject({ sub: expect.any(String) });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const last = signature.at(-1) as string;
    // 32 bytes are 43 characters: the last one carries 4 bits and 2 unused ones; flipping an unused bit keeps the bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytes = alphabet[alphabet.indexOf(last) ^ 1] as string;
    const spellings = {
      padded: `${signature}=`,
      'padded twice': `${signature}==`,
      'standard alphabet': signature.replace(/-/g, '+').replace(/_/g, '/'),
      'a stray character': `${signature.slice(0, 10)}!${signature.slice(10)}`,
      'a space': `${signature.slice(0, 10)} ${signature.slice(10)}`,
      'a line break': `${signature.slice(0, 20)}\n${signature.slice(20)}`,
      'unused bits set': `${signature.slice(0, -1)}${sameBytes}`,
    };
    for (const [what, spelling] of Object.entries(spellings)) {
      expect(Buffer.from(spelling, 'base64url').equals(Buffer.from(signature, 'base64url')), what).toBe(true);
      expect(refusal(`${header}.${payload}.${spelling}`), what).toEqual({ reason: 'signature', message: 'Signature verification failed.' });
    }
    expect(refusal(`${header}=.${payload}.${signature}`).reason).toBe('malformed');
  });
});
