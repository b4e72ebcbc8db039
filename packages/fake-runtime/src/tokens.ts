import { createHmac, timingSafeEqual } from 'node:crypto';
import { cloneJson } from './json.js';
import { isRecord } from './json.js';

/**
 * The claims of a test token: any JSON object. `exp` and `nbf` (seconds since the epoch) are checked by
 * `verifyToken` when present.
 *
 * @example
 * const claims: JwtClaims = { sub: 'user-1', aud: 'consumer-goods-api', exp: Math.floor(Date.now() / 1000) + 3600 };
 */
export type JwtClaims = { [claim: string]: unknown; exp?: number; nbf?: number };

/**
 * Why a token was refused. The message never contains the token; `reason` says which check failed, so a fake can
 * choose its answer (a Bearer challenge, a 401 body) without parsing messages.
 *
 * @example
 * try {
 *   verifyToken(token, { secret, now: Date.now() });
 * } catch (error) {
 *   if (error instanceof TokenError && error.reason === 'expired') console.log('get a new token');
 * }
 */
export class TokenError extends Error {
  constructor(
    message: string,
    readonly reason: 'missing' | 'malformed' | 'algorithm' | 'signature' | 'expired' | 'not-yet-valid' | 'claims',
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

const base64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

/**
 * Signs `claims` as an HS256 JWT with `secret` (`header.payload.signature`, base64url). For tests and local fakes
 * only: anyone who knows the secret can sign tokens.
 *
 * @example
 * const token = createTestToken({ sub: 'user-1', exp: 1_900_000_000 }, { secret: 'local-secret' });
 */
export function createTestToken(claims: JwtClaims, options: { secret: string }): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', options.secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * The bytes of a JWT segment in canonical base64url only (RFC 7515 2: no padding, no line breaks, no other
 * characters), or `undefined`. Node's decoder is lenient: it takes `=` padding, `+` and `/`, skips characters it does
 * not know and ignores the unused bits of the last character, so one signature had many spellings that all passed.
 * A segment is accepted only when encoding its bytes gives it back, character for character.
 */
function decodeSegment(part: string): Buffer | undefined {
  if (!BASE64URL.test(part) || part.length % 4 === 1) return undefined;
  const bytes = Buffer.from(part, 'base64url');
  return bytes.toString('base64url') === part ? bytes : undefined;
}

function decodeJson(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    const bytes = decodeSegment(part);
    if (bytes === undefined) throw new SyntaxError('not base64url');
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new TokenError(`${what} is not base64url-encoded JSON.`, 'malformed');
  }
  if (!isRecord(value)) throw new TokenError(`${what} is not a JSON object.`, 'malformed');
  return value;
}

function timeClaim(claims: Record<string, unknown>, name: 'exp' | 'nbf', label: string): number | undefined {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw new TokenError(`${label} claim (${name}) must be a number.`, 'claims');
  return value;
}

/**
 * Tokens whose signature was checked, by secret and token: a client sends the same token with every request, and
 * checking its HMAC again each time was a tenth of the fake's work per request. The times are checked every time.
 */
const VERIFIED = new Map<string, JwtClaims>();
const VERIFIED_LIMIT = 1000;

/** The payload of a token signed with `secret`, or a `TokenError` naming the check that failed. */
function signedClaims(header: string, payload: string, signature: string, secret: string): JwtClaims {
  const key = `${secret}\u0000${header}.${payload}.${signature}`;
  const known = VERIFIED.get(key);
  if (known !== undefined) return cloneJson(known);
  const head = decodeJson(header, 'Header');
  if (head.alg !== 'HS256')
    throw new TokenError('The specified alg value is not allowed; expected HS256.', 'algorithm');
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = decodeSegment(signature);
  if (given === undefined || given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new TokenError('Signature verification failed.', 'signature');
  const claims = decodeJson(payload, 'Payload') as JwtClaims;
  if (VERIFIED.size >= VERIFIED_LIMIT) VERIFIED.clear();
  VERIFIED.set(key, cloneJson(claims));
  return claims;
}

/**
 * Checks an HS256 JWT: three segments in canonical base64url (no padding, no `+` or `/`, nothing else), `alg` HS256, the signature (in constant time), `exp` (refused at or after
 * it) and `nbf` (refused before it), both against `now` (epoch ms, the fake's clock). Answers the claims or throws a
 * `TokenError` whose message names the failed check (PyJWT's wording) and never the token.
 *
 * @example
 * const claims = verifyToken(token, { secret: 'local-secret', now: fake.clock.now() });
 * claims.sub; // unknown: narrow it before use
 */
export function verifyToken(token: string | null | undefined, options: { secret: string; now: number }): JwtClaims {
  if (token === null || token === undefined || token.trim() === '')
    throw new TokenError('Authentication credentials were not provided.', 'missing');
  const parts = token.trim().split('.');
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || header === undefined || payload === undefined || signature === undefined) {
    throw new TokenError('Not enough segments; expected a JWT (header.payload.signature).', 'malformed');
  }
  const claims = signedClaims(header, payload, signature, options.secret);
  const exp = timeClaim(claims, 'exp', 'Expiration Time');
  if (exp !== undefined && exp * 1000 <= options.now) throw new TokenError('Signature has expired.', 'expired');
  const nbf = timeClaim(claims, 'nbf', 'Not Before');
  if (nbf !== undefined && nbf * 1000 > options.now)
    throw new TokenError('The token is not yet valid (nbf).', 'not-yet-valid');
  return claims as JwtClaims;
}
