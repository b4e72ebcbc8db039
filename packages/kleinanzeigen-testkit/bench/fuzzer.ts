/**
 * A seeded fuzzer of the Kleinanzeigen fake over real HTTP: random operations of two accounts (imprints, listings,
 * tickets and presigned uploads, attaching, ordering and deleting media, publications and their states, the token
 * endpoint, odd paths), with mutated bodies and forged credentials: tokens signed with a wrong key and with the old
 * constant `kleinanzeigen-fake-signing-secret`, tampered claims, respelt signatures, and upload URLs re-signed with a
 * later expiry, signed for another ticket or with a wrong key. It counts every 5xx and every cross-tenant success:
 * a 2xx on another account's listing (or with another account's ticket or imprint), and any 2xx for a forged token
 * or a forged upload URL. The fake runs with its default signing secret, as `pnpm fake:kleinanzeigen` does. Used by
 * test/fuzz.test.ts (fixed seed, short) and bench/fuzz.ts (long).
 */
import { createHmac } from 'node:crypto';
import { forgedTokens, mutatedJson, oddSegment, oddValue, pick, Random } from '@x/fake-runtime';
import { TEST_PNG } from '../src/index.js';
import { startKleinanzeigenServer } from '../src/server.js';

/** What one run found. */
export type FuzzReport = {
  requests: number;
  statuses: Record<number, number>;
  forgedTokens: number;
  forgedUploads: number;
  serverErrors: string[];
  crossTenant: string[];
};

const OLD_CONSTANT = 'kleinanzeigen-fake-signing-secret';
const ACCOUNTS = [
  { clientId: 'fuzz-shop', clientSecret: 'fuzz-shop-secret-0123456789', userId: 'user-a' },
  { clientId: 'fuzz-other', clientSecret: 'fuzz-other-secret-9876543210', userId: 'user-b' },
];
const LISTING = {
  category: 'Familie_Kind_Baby/Spielzeug',
  title: 'Fuzz Listing',
  description: 'A listing of the fuzzer',
  attributes: { art: 'actionfiguren', condition: 'like_new', versand: 'ja' },
  adType: 'OFFER',
  price: { type: 'FIXED', amount: 100 },
  email: 'fuzz@example.com',
};
const PNG = Buffer.from(TEST_PNG);

const encode = (text: string) => encodeURIComponent(text.replace(/[\ud800-\udfff]/gu, '?'));
const presign = (secret: string, ticket: string, expires: number) =>
  createHmac('sha256', secret).update(`PUT\n/__storage/uploads/${ticket}\n${expires}`).digest('hex');

type Owned = { listing: Map<string, string>; imprint: Map<string, string>; ticket: Map<string, { owner: string; url: string }> };

export async function fuzzKleinanzeigen(options: { seed: number; requests: number }): Promise<FuzzReport> {
  const random = new Random(options.seed);
  const running = await startKleinanzeigenServer({ port: 0, fakeOptions: { latencyMs: 0, clients: ACCOUNTS, seed: options.seed } });
  const origin = running.origin;
  const tokens = new Map(ACCOUNTS.map((account) => [account.userId, running.fake.token({ clientId: account.clientId })]));
  const forgeries = ACCOUNTS.flatMap((account) =>
    forgedTokens(tokens.get(account.userId) ?? '', {
      wrongSecrets: [
        { label: 'a wrong key', secret: 'not-the-key' },
        { label: 'the old constant signing secret', secret: OLD_CONSTANT },
      ],
      tamper: (claims) => ({ ...claims, sub: 'user-b', client_id: 'fuzz-other', exp: 4_000_000_000 }),
    }),
  );
  const owned: Owned = { listing: new Map(), imprint: new Map(), ticket: new Map() };
  const report: FuzzReport = { requests: 0, statuses: {}, forgedTokens: 0, forgedUploads: 0, serverErrors: [], crossTenant: [] };
  const known = (map: Map<string, unknown>) => [...map.keys()];
  const some = (map: Map<string, unknown>) => {
    const keys = known(map);
    const roll = random.next();
    if (roll < 0.75 && keys.length > 0) return pick(random, keys);
    return roll < 0.9 ? oddSegment(random) : random.uuid();
  };

  /** Sends one request; answers its status and body text, or undefined when there was no answer (counted as a 5xx). */
  const send = async (method: string, url: string, init: { headers?: Record<string, string>; body?: string | Buffer }, where: string) => {
    try {
      const body = typeof init.body === 'string' || init.body === undefined ? init.body : new Uint8Array(init.body);
      const reply = await fetch(url, { method, headers: init.headers ?? {}, ...(body === undefined ? {} : { body }) });
      const text = await reply.text();
      report.requests += 1;
      report.statuses[reply.status] = (report.statuses[reply.status] ?? 0) + 1;
      if (reply.status >= 500) report.serverErrors.push(`${where}: ${reply.status} ${text.slice(0, 200)}`);
      return { status: reply.status, text };
    } catch (error) {
      report.serverErrors.push(`${where}: no answer (${(error as Error).message})`);
      return undefined;
    }
  };
  const parsed = (text: string): Record<string, unknown> => {
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };

  try {
    for (let i = 0; i < options.requests; i++) {
      const account = pick(random, ACCOUNTS);
      const roll = random.next();
      if (roll < 0.08) {
        // The presigned storage: a valid URL of one's own, or a forgery.
        const tickets = [...owned.ticket.entries()];
        if (tickets.length === 0) continue;
        const [ticket, { url }] = pick(random, tickets);
        const signed = new URL(url);
        const expires = Number(signed.searchParams.get('expires'));
        const forgery = random.next() < 0.6
          ? pick(random, [
              { how: 're-signed with the old constant, a later expiry', expires: expires + 86_400, signature: presign(OLD_CONSTANT, ticket, expires + 86_400) },
              { how: 'the old constant, same expiry', expires, signature: presign(OLD_CONSTANT, ticket, expires) },
              { how: 'a later expiry, signature kept', expires: expires + 3_600, signature: signed.searchParams.get('signature') ?? '' },
              { how: 'signed with a wrong key', expires, signature: presign('not-the-key', ticket, expires) },
              { how: 'no signature', expires, signature: '' },
            ])
          : undefined;
        let target = `${origin}${signed.pathname}${signed.search}`;
        if (forgery !== undefined) target = `${origin}${signed.pathname}?expires=${forgery.expires}&signature=${forgery.signature}`;
        const swapped = forgery === undefined && random.next() < 0.2 && tickets.length > 1;
        if (swapped) target = target.replace(ticket, pick(random, tickets)[0]); // another ticket's signature: a forgery too
        const body = random.next() < 0.8 ? PNG : Buffer.from(String(oddValue(random)));
        const where = `PUT upload (${forgery?.how ?? (swapped ? 'signature of another ticket' : 'as issued')})`;
        const reply = await send('PUT', target, { headers: { 'content-type': 'image/png' }, body }, where);
        const forgedUpload = forgery !== undefined || (swapped && !target.includes(ticket));
        if (forgedUpload) report.forgedUploads += 1;
        if (reply !== undefined && reply.status < 300 && forgedUpload) report.crossTenant.push(`${where}: ${reply.status} for a forged upload URL`);
        continue;
      }
      if (roll < 0.13) {
        const form = new URLSearchParams();
        for (const [name, value] of [
          ['grant_type', pick(random, ['client_credentials', 'password', ''])],
          ['client_id', pick(random, [account.clientId, 'fuzz-other', 'nobody'])],
          ['client_secret', pick(random, [account.clientSecret, 'wrong', ''])],
          ['audience', pick(random, ['consumer-goods-api', 'other', ''])],
        ] as const)
          if (random.next() < 0.9) form.append(name, value);
        const reply = await send('POST', `${origin}/v2/oidc/token`, { headers: { 'content-type': pick(random, ['application/x-www-form-urlencoded', 'application/json']) }, body: form.toString() }, 'POST /v2/oidc/token');
        const granted = reply !== undefined && reply.status === 200;
        const right = form.get('client_secret') === ACCOUNTS.find((a) => a.clientId === form.get('client_id'))?.clientSecret;
        if (granted && !right) report.crossTenant.push(`POST /v2/oidc/token: a token for ${form.get('client_id')} without its secret`);
        continue;
      }
      const forged = random.next() < 0.2 ? pick(random, forgeries) : undefined;
      const token = forged?.token ?? tokens.get(account.userId) ?? '';
      let method = 'GET';
      let path: string;
      let body: unknown;
      let concerns: string | undefined; // the listing a request is about
      let foreignInput: string | undefined; // another account's ticket or imprint in the body
      const listing = some(owned.listing);
      if (roll < 0.25) {
        method = 'POST';
        path = '/v1/listings';
        body = random.next() < 0.6 ? LISTING : mutatedJson(random, LISTING);
      } else if (roll < 0.32) {
        method = 'POST';
        path = '/v1/imprints';
        body = random.next() < 0.7 ? { content: 'Fuzz GmbH, Berlin' } : mutatedJson(random, { content: 'x' });
      } else if (roll < 0.42) {
        method = 'POST';
        path = '/v1/media';
        body = random.next() < 0.8 ? { mediaType: pick(random, ['image/png', 'image/jpeg']) } : mutatedJson(random, { mediaType: 'image/gif' });
      } else if (roll < 0.55) {
        method = pick(random, ['GET', 'PUT', 'DELETE']);
        path = `/v1/listings/${encode(listing)}`;
        concerns = listing;
        if (method === 'PUT') body = mutatedJson(random, { ...LISTING, title: 'Changed' });
      } else if (roll < 0.68) {
        const ticket = some(owned.ticket);
        method = pick(random, ['PUT', 'PUT', 'DELETE']);
        const order = random.next() < 0.3;
        path = `/v1/listings/${encode(listing)}/media${order ? '/order' : ''}${method === 'DELETE' ? `?urls=${encode(String(pick(random, [...owned.ticket.values()].map((t) => t.url).concat(['x']))))}` : ''}`;
        concerns = listing;
        if (method === 'PUT') body = order ? { urls: [oddValue(random)] } : mutatedJson(random, { ticketUuid: ticket });
        const owner = owned.ticket.get(ticket)?.owner;
        if (!order && method === 'PUT' && owner !== undefined && owner !== account.userId) foreignInput = `ticket of ${owner}`;
      } else if (roll < 0.85) {
        const imprint = some(owned.imprint);
        const sub = random.next();
        concerns = listing;
        if (sub < 0.4) {
          method = 'POST';
          path = `/v1/listings/${encode(listing)}/publications`;
          body = random.next() < 0.7 ? { imprintUuid: imprint, location: { zipCode: '10115', city: 'Berlin' } } : mutatedJson(random, { imprintUuid: imprint });
          const owner = owned.imprint.get(imprint);
          if (owner !== undefined && owner !== account.userId) foreignInput = `imprint of ${owner}`;
        } else if (sub < 0.7) {
          path = `/v1/listings/${encode(listing)}/publications`;
        } else {
          method = pick(random, ['PUT', 'GET']);
          const state = random.next() < 0.5;
          path = `/v1/listings/${encode(listing)}/publications/${oddSegment(random)}${state ? `/state?requestedState=${pick(random, ['PAUSED', 'RESUMED', 'DELETED', 'x'])}` : ''}`;
          if (method === 'PUT' && !state) body = mutatedJson(random, { imprintUuid: imprint });
        }
      } else {
        method = pick(random, ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
        path = pick(random, [
          `/listing/${encode(listing)}`,
          `/v1/${oddSegment(random)}`,
          `/v2/listings/${oddSegment(random)}`,
          '/openapi.json',
          `/${oddSegment(random)}/${oddSegment(random)}`,
        ]);
        concerns = path.startsWith('/listing/') ? listing : undefined;
        body = random.next() < 0.5 ? oddValue(random) : undefined;
      }
      const headers: Record<string, string> = { authorization: pick(random, ['Bearer ', 'bearer ', '']) + token };
      if (body !== undefined) headers['content-type'] = random.next() < 0.05 ? 'text/plain' : 'application/json';
      const sendsBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
      const where = `${method} ${path.slice(0, 120)} as ${forged === undefined ? account.userId : `a forged token (${forged.how})`}`;
      const reply = await send(method, `${running.baseUrl}${path}`, { headers, ...(sendsBody ? { body: JSON.stringify(body) } : {}) }, where);
      if (forged !== undefined) report.forgedTokens += 1;
      if (reply === undefined || reply.status < 200 || reply.status >= 300 || path === '/openapi.json') continue;
      if (forged !== undefined) {
        report.crossTenant.push(`${where}: ${reply.status} for a forged token`);
        continue;
      }
      const owner = concerns === undefined ? undefined : owned.listing.get(concerns);
      if (owner !== undefined && owner !== account.userId) report.crossTenant.push(`${where}: ${reply.status} on a listing of ${owner}`);
      if (foreignInput !== undefined) report.crossTenant.push(`${where}: ${reply.status} with the ${foreignInput}`);
      const answer = parsed(reply.text);
      if (path === '/v1/listings' && typeof answer.uuid === 'string') owned.listing.set(answer.uuid, account.userId);
      if (path === '/v1/imprints' && typeof answer.uuid === 'string') owned.imprint.set(answer.uuid, account.userId);
      if (path === '/v1/media' && typeof answer.ticketUuid === 'string' && typeof answer.signedPutUrl === 'string')
        owned.ticket.set(answer.ticketUuid, { owner: account.userId, url: answer.signedPutUrl });
    }
  } finally {
    await running.close();
  }
  return report;
}
