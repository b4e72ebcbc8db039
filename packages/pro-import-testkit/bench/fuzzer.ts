/**
 * A seeded fuzzer of the Pro Import fake over real HTTP: random operations of every vehicle type by three callers
 * (dealer D1, dealer D2, group G1 of D1 and D3), with mutated bodies, odd paths and queries, and forged tokens. It
 * counts every 5xx and every cross-tenant success: a 2xx for a token that may not act for the dealer concerned (an
 * ad of another dealer, a create for a dealer outside the token, a list showing another dealer's ad), and any 2xx
 * for a forged token. Used by test/fuzz.test.ts (fixed seed, short) and bench/fuzz.ts (long).
 */
import { createTestToken, forgedTokens, mutatedJson, oddSegment, oddValue, pick, Random } from '@x/fake-runtime';
import { createAdFactory, VEHICLE_TYPES } from '../src/index.js';
import { startFakeServer } from '../src/server.js';

/** What one run found. */
export type FuzzReport = {
  requests: number;
  statuses: Record<number, number>;
  forgedTokens: number;
  serverErrors: string[];
  crossTenant: string[];
};

type Caller = { name: string; token: string; dealers: string[] };

const SECRET = 'fuzz-secret';

/** A path or query part (a lone surrogate, which the fuzzer's own values hold, becomes "?": it cannot be encoded). */
const encode = (text: string) => encodeURIComponent(text.replace(/[\ud800-\udfff]/gu, '?'));

export async function fuzzProImport(options: { seed: number; requests: number }): Promise<FuzzReport> {
  const random = new Random(options.seed);
  const factory = createAdFactory({ seed: options.seed });
  const running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0, jwtSecret: SECRET, seed: options.seed } });
  const callers: Caller[] = [
    { name: 'D1', token: running.fake.token({ scope: 'dealer_code', dealer_code: 'D1' }), dealers: ['D1'] },
    { name: 'D2', token: running.fake.token({ scope: 'dealer_code', dealer_code: 'D2' }), dealers: ['D2'] },
    { name: 'G1', token: running.fake.token({ scope: 'dealer_group', dealer_group: 'G1', dealer_codes: ['D1', 'D3'] }), dealers: ['D1', 'D3'] },
  ];
  const forgeries = callers.flatMap((caller) =>
    forgedTokens(caller.token, {
      wrongSecrets: [
        { label: 'a wrong key', secret: 'not-the-secret' },
        { label: "the fake's default secret", secret: 'pro-import-fake-secret' },
      ],
      tamper: (claims) => ({ ...claims, scope: 'dealer_group', dealer_group: 'X', dealer_codes: ['D1', 'D2', 'D3'] }),
    }),
  );
  forgeries.push({
    how: 'expired',
    token: createTestToken({ scope: 'dealer_code', dealer_code: 'D2', exp: 1 }, { secret: SECRET }),
  });
  /** Which dealers own an ad with a source_id (source_ids are unique per dealer, not across dealers). */
  const owners = new Map<string, Set<string>>();
  const report: FuzzReport = { requests: 0, statuses: {}, forgedTokens: 0, serverErrors: [], crossTenant: [] };

  const sourceId = () => {
    const known = [...owners.keys()];
    const roll = random.next();
    if (roll < 0.7 && known.length > 0) return encode(pick(random, known));
    if (roll < 0.85) return oddSegment(random);
    return `fuzz-${Math.floor(random.next() * 1e6)}`;
  };
  const query = () =>
    random.next() < 0.6
      ? ''
      : `?${pick(random, ['limit', 'offset', 'ordering', 'dealer_code', 'source_id', 'fields', 'category_id', 'state'])}=${encode(String(pick(random, ['-1', '0', '1000000', 'abc', '', '-created', 'D2', 'D1', '%', '1e9', oddValue(random)])))}`;

  try {
    for (let i = 0; i < options.requests; i++) {
      const forged = random.next() < 0.2 ? pick(random, forgeries) : undefined;
      const caller = pick(random, callers);
      const token = forged?.token ?? caller.token;
      const type = pick(random, VEHICLE_TYPES);
      const family = random.next() < 0.85 ? `/v4/${type}` : '/v3/ad';
      const roll = random.next();
      let method = 'GET';
      let path: string;
      let body: unknown;
      if (roll < 0.3) {
        method = 'POST';
        path = family;
        const ad = factory.buildAd(type, {
          ...(caller.name === 'G1' || random.next() < 0.2 ? { dealer_code: pick(random, ['D1', 'D2', 'D3', 'D9']) } : {}),
          ...(random.next() < 0.15 && owners.size > 0 ? { source_id: pick(random, [...owners.keys()]) } : {}),
        });
        body = random.next() < 0.6 ? ad : mutatedJson(random, ad);
      } else if (roll < 0.45) {
        method = pick(random, ['PUT', 'PATCH']);
        path = `${family}/${sourceId()}`;
        body = mutatedJson(random, random.next() < 0.5 ? factory.buildAd(type) : { body: 'changed', visible: random.next() < 0.5 });
      } else if (roll < 0.52) {
        method = 'DELETE';
        path = `${family}/${sourceId()}`;
      } else if (roll < 0.62) {
        path = `/v4/ad/${sourceId()}${pick(random, ['', '/log', '/bump', '/pole_position', '/retry'])}${query()}`;
      } else if (roll < 0.72) {
        path = `${pick(random, ['/v4/ad', family])}${query()}`;
      } else if (roll < 0.77) {
        method = 'POST';
        path = `/v4/${type}/${random.next() < 0.8 ? 'validate' : `${sourceId()}/migrate`}`;
        body = mutatedJson(random, factory.buildAd(type));
      } else if (roll < 0.85) {
        path = pick(random, [`/v4/vehicles/${type}/attributes`, `/v4/vehicles/${type}/${oddSegment(random)}`, '/v4/vehicles/car/models', '/v3/vehicle/brands', '/v3/vehicle/models?brand=x']);
      } else {
        method = pick(random, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND']);
        path = `/${pick(random, ['v4', 'v3', 'v5', '', '__fake'])}/${oddSegment(random)}/${oddSegment(random)}${query()}`;
        body = random.next() < 0.5 ? oddValue(random) : undefined;
      }
      const raw = random.next() < 0.05;
      const headers: Record<string, string> = { 'X-Auth-Token': token };
      if (body !== undefined) headers['content-type'] = random.next() < 0.05 ? pick(random, ['text/plain', 'application/xml', '']) : 'application/json';
      let status: number;
      let text: string;
      try {
        const reply = await fetch(`${running.baseUrl}${path}`, {
          method,
          headers,
          ...(body === undefined || method === 'GET' || method === 'HEAD' ? {} : { body: raw ? '{"broken": ' : JSON.stringify(body) }),
        });
        status = reply.status;
        text = await reply.text();
      } catch (error) {
        report.serverErrors.push(`${method} ${path}: no answer (${(error as Error).message})`);
        continue;
      }
      report.requests += 1;
      report.statuses[status] = (report.statuses[status] ?? 0) + 1;
      if (forged !== undefined) report.forgedTokens += 1;
      const where = `${method} ${path.slice(0, 120)} as ${forged === undefined ? caller.name : `a forged token (${forged.how})`}`;
      if (status >= 500) report.serverErrors.push(`${where}: ${status} ${text.slice(0, 200)}`);
      if (status < 200 || status >= 300 || path.startsWith('/v4/vehicles') || path.startsWith('/v3/vehicle')) continue;
      if (forged !== undefined) {
        report.crossTenant.push(`${where}: ${status} for a forged token`);
        continue;
      }
      const allowed = new Set(caller.dealers);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const shown = (value: unknown): string[] => {
        if (typeof value !== 'object' || value === null) return [];
        const record = value as Record<string, unknown>;
        if (Array.isArray(record.results)) return record.results.flatMap(shown);
        return typeof record.dealer_code === 'string' ? [record.dealer_code] : [];
      };
      const foreign = shown(parsed).filter((dealer) => !allowed.has(dealer));
      if (foreign.length > 0) report.crossTenant.push(`${where}: ${status} shows dealer ${foreign[0]}'s ad`);
      if (method === 'POST' && path === family) {
        // The dealer the ad was stored for is the answer's (a mutated body may have lost its dealer_code: the token's).
        const created = (parsed as { source_id?: unknown; dealer_code?: unknown } | undefined) ?? {};
        if (typeof created.dealer_code === 'string' && !allowed.has(created.dealer_code))
          report.crossTenant.push(`${where}: ${status} created an ad for dealer ${created.dealer_code}`);
        if (typeof created.source_id === 'string' && typeof created.dealer_code === 'string') {
          const set = owners.get(created.source_id) ?? new Set<string>();
          set.add(created.dealer_code);
          owners.set(created.source_id, set);
        }
        continue;
      }
      const named = /^\/v[34]\/[^/]+\/([^/?]+)/.exec(path)?.[1];
      if (named === undefined || ['validate'].includes(named)) continue;
      let id: string;
      try {
        id = decodeURIComponent(named);
      } catch {
        continue;
      }
      const ownedBy = owners.get(id);
      if (ownedBy !== undefined && ![...ownedBy].some((dealer) => allowed.has(dealer)))
        report.crossTenant.push(`${where}: ${status} on an ad of ${[...ownedBy].join(', ')}`);
    }
  } finally {
    await running.close();
  }
  return report;
}
