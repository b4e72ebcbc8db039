import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createTestToken, TokenError, verifyToken } from '@x/fake-runtime';
import type { ClientConfig, Principal } from './types.js';

/**
 * The audience the goods API accepts (`audience=consumer-goods-api` on the token call).
 *
 * @example
 * new URLSearchParams({ grant_type: 'client_credentials', client_id, client_secret, audience: AUDIENCE });
 */
export const AUDIENCE = 'consumer-goods-api';
/** The `iss` claim of the fake's tokens. */
export const ISSUER = 'kleinanzeigen-fake';
/**
 * A new HS256 key for a fake's tokens and presigned URLs: 32 random bytes, so no one can sign a token the fake takes,
 * or re-sign an upload URL with a later expiry, without the fake's own key (it is never printed or saved).
 *
 * @example
 * createKleinanzeigenFake({ signingSecret: randomSigningSecret() }); // what the fake does when given none
 */
export function randomSigningSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The client the fake accepts when none is configured. Its secret is public (this README documents it): use it only
 * against the fake.
 *
 * @example
 * const client = createKleinanzeigenClient({ clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret });
 */
export const DEFAULT_CLIENT: Readonly<Required<ClientConfig>> = {
  clientId: 'kleinanzeigen-fake-client',
  clientSecret: 'kleinanzeigen-fake-secret',
  userId: userIdOf('kleinanzeigen-fake-client'),
};

/**
 * A stable seller-account id for a client id: a UUID-shaped digest, so a restart maps a client to the same account.
 *
 * @example
 * createKleinanzeigenFake({ clients: [{ clientId: 'shop', clientSecret: 's' }] }).clients()[0]?.userId === userIdOf('shop'); // true
 */
export function userIdOf(clientId: string): string {
  const hex = createHash('sha256').update(`kleinanzeigen-fake-user:${clientId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

type KnownClient = { clientId: string; userId: string; secretDigest: Buffer };

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

/** The configured clients; secrets are kept only as digests and compared in constant time. */
export class ClientRegistry {
  private readonly byId = new Map<string, KnownClient>();

  constructor(clients: readonly ClientConfig[]) {
    if (clients.length === 0) throw new TypeError('createKleinanzeigenFake: clients must name at least one client');
    clients.forEach((client, index) => {
      const where = `createKleinanzeigenFake: clients[${index}]`;
      if (typeof client.clientId !== 'string' || client.clientId === '') throw new TypeError(`${where}.clientId must be a non-empty string`);
      if (typeof client.clientSecret !== 'string' || client.clientSecret === '')
        throw new TypeError(`${where}.clientSecret must be a non-empty string (client ${client.clientId})`);
      if (client.userId !== undefined && (typeof client.userId !== 'string' || client.userId === ''))
        throw new TypeError(`${where}.userId must be a non-empty string when given (client ${client.clientId})`);
      if (this.byId.has(client.clientId)) throw new TypeError(`${where}: client ${client.clientId} is configured twice`);
      this.byId.set(client.clientId, {
        clientId: client.clientId,
        userId: client.userId ?? userIdOf(client.clientId),
        secretDigest: digest(client.clientSecret),
      });
    });
  }

  /** The client for these credentials, or `undefined` (an unknown id and a wrong secret look the same). */
  authenticate(clientId: string, clientSecret: string): Principal | undefined {
    const client = this.byId.get(clientId);
    const given = digest(clientSecret);
    const expected = client?.secretDigest ?? digest(`no such client ${clientId}`);
    const matches = timingSafeEqual(given, expected);
    return client !== undefined && matches ? { clientId: client.clientId, userId: client.userId } : undefined;
  }

  principal(clientId: string): Principal | undefined {
    const client = this.byId.get(clientId);
    return client === undefined ? undefined : { clientId: client.clientId, userId: client.userId };
  }

  /** Client ids and their accounts (never the secrets). */
  list(): Principal[] {
    return [...this.byId.values()].map(({ clientId, userId }) => ({ clientId, userId }));
  }
}

/**
 * Options of `fake.token(...)`.
 *
 * @example
 * const expired = fake.token({ clientId: 'shop', ttlSeconds: 1 }); // fake.clock.advance(1_000) and it is refused
 */
export type TokenOptions = {
  /** A configured client; default the first one. */
  clientId?: string;
  /** Default `consumer-goods-api`; another audience gives a token the goods API answers 403 to (G-2). */
  audience?: string;
  /** Lifetime in seconds; default the fake's `tokenTtlSeconds`. */
  ttlSeconds?: number;
};

/**
 * Signs an access token for a principal: `sub` is the seller account, `client_id` the client (G-26). The `jti` is
 * random (not from the fake's seeded PRNG), so how many tokens a client fetches never shifts the resources' UUIDs.
 */
export function issueToken(
  principal: Principal,
  options: { secret: string; now: number; ttlSeconds: number; audience: string },
): string {
  const iat = Math.floor(options.now / 1000);
  return createTestToken(
    {
      iss: ISSUER,
      sub: principal.userId,
      aud: options.audience,
      client_id: principal.clientId,
      iat,
      nbf: iat,
      exp: iat + options.ttlSeconds,
      jti: randomUUID(),
    },
    { secret: options.secret },
  );
}

/** Why the goods API refused a request's credentials: 401 (with the Bearer challenge's error) or 403. */
export type AuthFailure = { status: 401 | 403; reason: string; challenge: string };

const challenge401 = (description: string | undefined): string =>
  description === undefined ? 'Bearer' : `Bearer error="invalid_token", error_description="${description}"`;

/** The token of a goods request: `Authorization: Bearer <jwt>`, or (G-1, leniently) the docs' literal header and a bare JWT. */
export function tokenOf(header: (name: string) => string | null): string | AuthFailure {
  const raw = header('authorization') ?? header('httpheaders.authorization');
  if (raw === null || raw.trim() === '') return { status: 401, reason: 'no access token was sent', challenge: challenge401(undefined) };
  const value = raw.trim();
  const bearer = /^bearer\s+(\S+)$/i.exec(value);
  if (bearer?.[1] !== undefined) return bearer[1];
  if (!/\s/.test(value) && value.split('.').length === 3) return value;
  return {
    status: 401,
    reason: 'the Authorization header is not "Bearer <token>"',
    challenge: challenge401('The Authorization header must be Bearer <access token>'),
  };
}

/** Verifies an access token against the fake's secret, clock, audience and clients. */
export function authenticateToken(
  token: string,
  options: { secret: string; now: number; clients: ClientRegistry },
): Principal | AuthFailure {
  let claims;
  try {
    claims = verifyToken(token, { secret: options.secret, now: options.now });
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    const description = error.reason === 'expired' ? 'The access token has expired' : 'The access token is invalid';
    return { status: 401, reason: error.message, challenge: challenge401(description) };
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const clientId = claims.client_id;
  const principal = typeof clientId === 'string' ? options.clients.principal(clientId) : undefined;
  if (principal === undefined || claims.sub !== principal.userId)
    return { status: 401, reason: 'the token names no configured client', challenge: challenge401('The access token is invalid') };
  if (!audiences.includes(AUDIENCE))
    return { status: 403, reason: `the token is for another audience`, challenge: `Bearer error="insufficient_scope"` };
  return principal;
}
