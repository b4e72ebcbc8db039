import { createHmac, timingSafeEqual } from 'node:crypto';
import { isRecord } from './json.js';

/** The secret the fake uses when none is given. For local use only: anyone can sign tokens with it. */
export const DEFAULT_JWT_SECRET = 'pro-import-fake-secret';

/** The claims of a Pro Import token, for one dealer or a dealer group. */
export type TokenClaims =
  | { scope: 'dealer_code'; dealer_code: string; exp?: number }
  | { scope: 'dealer_group'; dealer_group: string; dealer_codes: string[]; exp?: number };

/** Who is calling, once the token is verified. */
export type Principal = { scope: 'dealer_code' | 'dealer_group'; dealerCodes: string[]; group?: string };

const base64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

/**
 * Signs a token the fake accepts (HS256 JWT, sent as `X-Auth-Token`).
 *
 * @example
 * const token = createTestToken({ scope: 'dealer_code', dealer_code: 'D1' });
 * const group = createTestToken({ scope: 'dealer_group', dealer_group: 'G1', dealer_codes: ['D1', 'D2'] }, { secret: 's' });
 */
export function createTestToken(claims: TokenClaims, options: { secret?: string } = {}): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', options.secret ?? DEFAULT_JWT_SECRET)
    .update(`${header}.${payload}`)
    .digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** Why a token was refused; the message never contains the token. */
export class TokenError extends Error {}

function decodeJson(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new TokenError(`${what} is not base64url-encoded JSON.`);
  }
  if (!isRecord(value)) throw new TokenError(`${what} is not a JSON object.`);
  return value;
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '');

/** Checks signature (constant time), algorithm, expiry and claims. Throws `TokenError` with a reason. */
export function verifyToken(token: string | null, options: { secret: string; now: number }): Principal {
  if (token === null || token.trim() === '')
    throw new TokenError('Authentication credentials were not provided (X-Auth-Token header).');
  const parts = token.trim().split('.');
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || header === undefined || payload === undefined || signature === undefined) {
    throw new TokenError('Not enough segments; expected a JWT (header.payload.signature).');
  }
  const head = decodeJson(header, 'Header');
  if (head.alg !== 'HS256') throw new TokenError('The specified alg value is not allowed; expected HS256.');
  const expected = createHmac('sha256', options.secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new TokenError('Signature verification failed.');
  const claims = decodeJson(payload, 'Payload');
  if (claims.exp !== undefined) {
    if (typeof claims.exp !== 'number') throw new TokenError('Expiration Time claim (exp) must be a number.');
    if (claims.exp * 1000 <= options.now) throw new TokenError('Signature has expired.');
  }
  if (claims.scope === 'dealer_code') {
    if (typeof claims.dealer_code !== 'string' || claims.dealer_code === '')
      throw new TokenError('Claim dealer_code is missing.');
    return { scope: 'dealer_code', dealerCodes: [claims.dealer_code] };
  }
  if (claims.scope === 'dealer_group') {
    if (typeof claims.dealer_group !== 'string' || !isStringArray(claims.dealer_codes)) {
      throw new TokenError('Claims dealer_group and dealer_codes are required for scope dealer_group.');
    }
    return { scope: 'dealer_group', dealerCodes: claims.dealer_codes, group: claims.dealer_group };
  }
  throw new TokenError('Claim scope must be "dealer_code" or "dealer_group".');
}
