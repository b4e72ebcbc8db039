import {
  createTestToken as signToken,
  TokenError,
  verifyToken as verifyJwt,
} from '@x/fake-runtime';
import { z } from 'zod';

export { TokenError } from '@x/fake-runtime';

/** The secret the fake uses when none is given. For local use only: anyone can sign tokens with it. */
export const DEFAULT_JWT_SECRET = 'pro-import-fake-secret';

/** The claims of a Pro Import token, for one dealer or a dealer group. */
export type TokenClaims =
  | { scope: 'dealer_code'; dealer_code: string; exp?: number; nbf?: number }
  | { scope: 'dealer_group'; dealer_group: string; dealer_codes: string[]; exp?: number; nbf?: number };

const timeClaims = { exp: z.number().optional(), nbf: z.number().optional(), iat: z.number().optional() };

/** The claims `POST /__fake/tokens` signs: a dealer, or a group of at least one dealer; `exp`/`nbf` in seconds. */
export const TokenClaimsSchema = z.discriminatedUnion('scope', [
  z.looseObject({ scope: z.literal('dealer_code'), dealer_code: z.string().min(1), ...timeClaims }),
  z.looseObject({
    scope: z.literal('dealer_group'),
    dealer_group: z.string().min(1),
    dealer_codes: z.array(z.string().min(1)).min(1),
    ...timeClaims,
  }),
]);

/** Who is calling, once the token is verified. */
export type Principal = { scope: 'dealer_code' | 'dealer_group'; dealerCodes: string[]; group?: string };

/**
 * Signs a token the fake accepts (HS256 JWT, sent as `X-Auth-Token`).
 *
 * @example
 * const token = createTestToken({ scope: 'dealer_code', dealer_code: 'D1' });
 * const group = createTestToken({ scope: 'dealer_group', dealer_group: 'G1', dealer_codes: ['D1', 'D2'] }, { secret: 's' });
 */
export function createTestToken(claims: TokenClaims, options: { secret?: string } = {}): string {
  return signToken(claims, { secret: options.secret ?? DEFAULT_JWT_SECRET });
}

/** A group's dealer codes: at least one, each a non-empty string (a group of no dealers can act for no one). */
const isDealerList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v !== '');

/**
 * Checks signature (constant time), algorithm, expiry (`exp`, `nbf`) and the Pro Import claims. Throws `TokenError`
 * with a reason that never contains the token.
 *
 * @example
 * const principal = verifyToken(request.header('x-auth-token'), { secret: DEFAULT_JWT_SECRET, now: Date.now() });
 * principal.dealerCodes; // ['D1']
 */
export function verifyToken(token: string | null, options: { secret: string; now: number }): Principal {
  if (token === null || token.trim() === '')
    throw new TokenError('Authentication credentials were not provided (X-Auth-Token header).', 'missing');
  const claims = verifyJwt(token, options);
  if (claims.scope === 'dealer_code') {
    if (typeof claims.dealer_code !== 'string' || claims.dealer_code === '')
      throw new TokenError('Claim dealer_code is missing.', 'claims');
    return { scope: 'dealer_code', dealerCodes: [claims.dealer_code] };
  }
  if (claims.scope === 'dealer_group') {
    if (typeof claims.dealer_group !== 'string' || claims.dealer_group === '' || !isDealerList(claims.dealer_codes)) {
      throw new TokenError(
        'Claims dealer_group and dealer_codes (at least one dealer code) are required for scope dealer_group.',
        'claims',
      );
    }
    return { scope: 'dealer_group', dealerCodes: claims.dealer_codes, group: claims.dealer_group };
  }
  throw new TokenError('Claim scope must be "dealer_code" or "dealer_group".', 'claims');
}
