import { randomUUID } from 'node:crypto';
import { createProImportClient } from '@x/pro-import-client';
import { createAdFactory } from '../factories.js';
import {
  CheckFailure,
  expectEqual,
  expectStatus,
  expectTrue,
  list,
  record,
  runChecks,
  type CheckResult,
  type ConformanceReport,
} from '@x/fake-runtime';
import { createHttp, type Http } from './http.js';

export type ConformanceOptions = {
  /** Base URL of the API, e.g. `http://127.0.0.1:4010/pro-import-api` or `https://api.blocket.se/pro-import-api`. */
  baseUrl: string;
  /** A token, dealer_code scope or (with `dealerCode`) dealer_group scope. Never printed. */
  token: string;
  /** With a dealer_group token: the dealer the suite creates its ads for (sent as `dealer_code` on POST). */
  dealerCode?: string;
  /** Allow checks that cost money in production (bump, pole position, visible ads). Always on against the fake. */
  allowCharges?: boolean;
  /** How long to wait for one asynchronous action. Default 180 000 ms. */
  actionTimeoutMs?: number;
  /** Delay between log polls. Default 250 ms against the fake, 2000 ms otherwise. */
  pollMs?: number;
  fetch?: typeof fetch;
  /** Called with each PASS/FAIL/SKIP line as it happens. */
  print?: (line: string) => void;
};

export type { CheckResult, ConformanceReport };

type Ctx = {
  http: Http;
  options: ConformanceOptions;
  isFake: boolean;
  charges: boolean;
  pollMs: number;
  timeoutMs: number;
  factory: ReturnType<typeof createAdFactory>;
  /** Ads this run created, deleted at the end. */
  created: Set<string>;
  /** The hidden car most checks work on. */
  car?: string;
  /** A published (visible) car, fake or --allow-charges only. */
  published?: string;
};

type Check = { name: string; needs?: 'fake' | 'charges'; run(ctx: Ctx): Promise<void> };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const uniqueSourceId = () => `conformance-${randomUUID()}`;

type Entry = { request_id: string; action: string; state: string; external_message?: unknown };

async function logOf(ctx: Ctx, sourceId: string): Promise<Entry[]> {
  const reply = await ctx.http.call(
    'GET',
    `/v4/ad/${encodeURIComponent(sourceId)}/log?limit=1000&ordering=created`,
  );
  expectStatus(reply, 200, `GET /v4/ad/${sourceId}/log`);
  return list(record(reply.body, 'log page').results, 'log page results') as Entry[];
}

/** Polls the log until a request not in `known` has `action` finished; answers its final state. */
async function waitForAction(
  ctx: Ctx,
  sourceId: string,
  action: string,
  known: Set<string>,
): Promise<{ state: string; requestId: string; entries: Entry[] }> {
  const deadline = Date.now() + ctx.timeoutMs;
  for (;;) {
    const entries = await logOf(ctx, sourceId);
    const fresh = entries.filter((e) => !known.has(e.request_id));
    const finished = fresh.find((e) => e.action === action && (e.state === 'done' || e.state === 'error'));
    if (finished !== undefined)
      return {
        state: finished.state,
        requestId: finished.request_id,
        entries: fresh.filter((e) => e.request_id === finished.request_id),
      };
    if (Date.now() > deadline)
      throw new CheckFailure(
        `${action} of ${sourceId} did not finish within ${ctx.timeoutMs} ms (log: ${JSON.stringify(fresh.map((e) => `${e.action}:${e.state}`))})`,
      );
    await sleep(ctx.pollMs);
  }
}

async function knownRequests(ctx: Ctx, sourceId: string): Promise<Set<string>> {
  return new Set((await logOf(ctx, sourceId)).map((e) => e.request_id));
}

function requireCar(ctx: Ctx): string {
  if (ctx.car === undefined) throw new CheckFailure('depends on "create" which failed');
  return ctx.car;
}

async function createCar(ctx: Ctx, overrides: Record<string, unknown>): Promise<string> {
  const body = ctx.factory.buildAd('car', { source_id: uniqueSourceId(), ...overrides });
  const reply = await ctx.http.call('POST', '/v4/car', { body });
  expectStatus(reply, 201, 'POST /v4/car');
  const sourceId = String(body.source_id);
  ctx.created.add(sourceId);
  return sourceId;
}

const CHECKS: Check[] = [
  {
    name: 'auth: a request without X-Auth-Token is 401 {"detail": "Invalid token: ..."}',
    async run(ctx) {
      const reply = await ctx.http.call('GET', '/v4/ad', { token: null });
      expectStatus(reply, 401, 'GET /v4/ad without token');
      expectTrue(typeof record(reply.body, '401 body').detail === 'string', '401 body has a "detail" string');
    },
  },
  {
    name: 'auth: a forged token is 401 and is not echoed',
    async run(ctx) {
      const forged = `${ctx.options.token.split('.').slice(0, 2).join('.')}.Zm9yZ2Vk`;
      const reply = await ctx.http.call('GET', '/v4/ad', { token: forged });
      expectStatus(reply, 401, 'GET /v4/ad with a forged signature');
      expectTrue(
        !reply.text.includes(forged) && !reply.text.includes(ctx.options.token),
        'the 401 body must not contain the token',
      );
    },
  },
  {
    // The documents do not describe it; any server refuses a body it cannot parse with a 400.
    name: 'robustness: malformed JSON is 400',
    async run(ctx) {
      const reply = await ctx.http.call('POST', '/v4/car/validate', { raw: '{"source_id": ' });
      expectStatus(reply, 400, 'POST malformed JSON');
    },
  },
  {
    // "For POST, PUT and PATCH you must use the typed endpoints": which 4xx answers is not documented (405 inferred).
    name: 'typed only: POST /v4/ad is refused (4xx); creates go through /v4/{vehicle_type}',
    async run(ctx) {
      const reply = await ctx.http.call('POST', '/v4/ad', { body: {} });
      expectTrue(reply.status >= 400 && reply.status < 500, `POST /v4/ad answers a 4xx, got ${reply.status}`);
    },
  },
  {
    name: 'attributes: GET /v4/vehicles/car/attributes lists {id, name}',
    async run(ctx) {
      const reply = await ctx.http.call('GET', '/v4/vehicles/car/attributes');
      expectStatus(reply, 200, 'GET /v4/vehicles/car/attributes');
      const items = list(reply.body, 'attributes');
      expectTrue(
        items.length > 0 && items.every((i) => typeof record(i, 'attribute').id === 'string'),
        'every attribute has an id',
      );
    },
  },
  {
    // Not documented: which 4xx an unknown attribute gets is inferred (the fake answers 404).
    name: 'attributes: an unknown attribute is refused (4xx)',
    async run(ctx) {
      const reply = await ctx.http.call('GET', '/v4/vehicles/car/no_such_attribute_here');
      expectTrue(reply.status >= 400 && reply.status < 500, `GET /v4/vehicles/car/no_such_attribute_here answers a 4xx, got ${reply.status}`);
    },
  },
  {
    name: 'validation: a body without category_fields is a DRF field error',
    async run(ctx) {
      const { category_fields: _omitted, ...body } = ctx.factory.buildAd('car', {
        source_id: uniqueSourceId(),
        visible: false,
      });
      const reply = await ctx.http.call('POST', '/v4/car/validate', { body });
      expectStatus(reply, 400, 'POST /v4/car/validate without category_fields');
      expectEqual(
        record(reply.body, '400 body').category_fields,
        ['This field is required.'],
        'category_fields error',
      );
    },
  },
  {
    name: 'validation: a title is refused for a registered vehicle',
    async run(ctx) {
      const body = ctx.factory.buildAd('car', {
        source_id: uniqueSourceId(),
        visible: false,
        title: 'Not allowed',
      });
      const reply = await ctx.http.call('POST', '/v4/car/validate', { body });
      expectStatus(reply, 400, 'POST /v4/car/validate with a title');
      expectTrue('title' in record(reply.body, '400 body'), 'the error names "title"');
    },
  },
  {
    name: 'validation: a reduced price is refused on POST',
    async run(ctx) {
      const body = ctx.factory.buildAd('car', {
        source_id: uniqueSourceId(),
        visible: false,
        price: [{ type: 'reduced', amount: 1000, currency: 'SEK' }],
      });
      const reply = await ctx.http.call('POST', '/v4/car/validate', { body });
      expectStatus(reply, 400, 'POST /v4/car/validate with a reduced price');
      expectTrue('price' in record(reply.body, '400 body'), 'the error names "price"');
    },
  },
  {
    name: 'validate: a valid body answers 200 and nothing is stored',
    async run(ctx) {
      const body = ctx.factory.buildAd('car', { source_id: uniqueSourceId(), visible: false });
      expectStatus(await ctx.http.call('POST', '/v4/car/validate', { body }), 200, 'POST /v4/car/validate');
      expectStatus(
        await ctx.http.call('GET', `/v4/car/${body.source_id}`),
        404,
        'GET of the validated source_id',
      );
    },
  },
  {
    name: 'client: @x/pro-import-client validates through the API the same way',
    async run(ctx) {
      const client = createProImportClient({
        token: ctx.options.token,
        baseUrl: ctx.http.baseUrl,
        retry: false,
        ...(ctx.options.fetch ? { fetch: (r: Request) => ctx.options.fetch!(r) } : {}),
      });
      const body = ctx.factory.buildAd('car', { source_id: uniqueSourceId(), visible: false });
      const answer = record(await client.car.validate(body as never), 'validate answer');
      expectEqual(answer.source_id, body.source_id, 'validate echoes the payload');
    },
  },
  {
    name: 'create: 201 with state created and blocket_ad_id null (visible: false)',
    async run(ctx) {
      const body = ctx.factory.buildAd('car', { source_id: uniqueSourceId(), visible: false });
      const reply = await ctx.http.call('POST', '/v4/car', { body });
      expectStatus(reply, 201, 'POST /v4/car');
      ctx.created.add(String(body.source_id));
      const ad = record(reply.body, 'created ad');
      expectEqual(
        [ad.source_id, ad.state, ad.blocket_ad_id, ad.category_id],
        [body.source_id, 'created', null, 1020],
        'source_id, state, blocket_ad_id, category_id',
      );
      ctx.car = String(body.source_id);
    },
  },
  {
    name: 'create: a source_id cannot be used twice',
    async run(ctx) {
      await expectSourceIdRefused(ctx, requireCar(ctx), 'second POST with the same source_id');
    },
  },
  {
    name: 'async: create then handle_media are done under one request_id, never publish for visible: false',
    async run(ctx) {
      const car = requireCar(ctx);
      const { state, entries } = await waitForAction(ctx, car, 'handle_media', new Set());
      expectEqual(state, 'done', 'handle_media state');
      const actions = entries.filter((e) => e.state === 'done').map((e) => e.action);
      expectEqual(actions, ['create', 'handle_media'], 'done actions of the create request');
      const ad = record((await ctx.http.call('GET', `/v4/car/${car}`)).body, 'ad');
      expectEqual(ad.blocket_ad_id, null, 'blocket_ad_id of a hidden ad');
    },
  },
  {
    name: 'read: GET /v4/car/{source_id} carries the log; an unknown source_id is 404',
    async run(ctx) {
      const car = requireCar(ctx);
      const reply = await ctx.http.call('GET', `/v4/car/${car}`);
      expectStatus(reply, 200, 'GET the ad');
      expectTrue(list(record(reply.body, 'ad').log, 'ad.log').length > 0, 'the ad has log entries');
      expectStatus(
        await ctx.http.call('GET', `/v4/car/${uniqueSourceId()}`),
        404,
        'GET an unknown source_id',
      );
    },
  },
  {
    name: 'list: source_id filter, {count, next, previous, results}, fields',
    async run(ctx) {
      const car = requireCar(ctx);
      const reply = await ctx.http.call('GET', `/v4/ad?source_id=${car}&fields=source_id,state`);
      expectStatus(reply, 200, 'GET /v4/ad?source_id=');
      const page = record(reply.body, 'page');
      expectEqual([page.count, page.next, page.previous], [1, null, null], 'count, next, previous');
      expectEqual(
        page.results,
        [{ source_id: car, state: 'created' }],
        'results with fields=source_id,state',
      );
    },
  },
  {
    name: 'list: a typed list only holds its category',
    async run(ctx) {
      const car = requireCar(ctx);
      const boats = record((await ctx.http.call('GET', `/v4/boat?source_id=${car}`)).body, 'boat page');
      expectEqual(boats.count, 0, 'the car in /v4/boat');
      const cars = record((await ctx.http.call('GET', `/v4/car?source_id=${car}`)).body, 'car page');
      expectEqual(cars.count, 1, 'the car in /v4/car');
    },
  },
  {
    name: 'log: paginated with absolute links and the action filter',
    async run(ctx) {
      const car = requireCar(ctx);
      const reply = await ctx.http.call('GET', `/v4/car/${car}/log?limit=1&action=create`);
      expectStatus(reply, 200, 'GET log?limit=1&action=create');
      const page = record(reply.body, 'log page');
      expectTrue(typeof page.count === 'number' && page.count >= 2, 'create has processing and done entries');
      expectTrue(
        typeof page.next === 'string' && /^https?:\/\//.test(page.next),
        `next is an absolute URL, got ${String(page.next)}`,
      );
      expectTrue(
        list(page.results, 'results').every((e) => record(e, 'entry').action === 'create'),
        'every entry is a create',
      );
    },
  },
  {
    name: 'patch: deep-merges category_fields and keeps other fields',
    async run(ctx) {
      const car = requireCar(ctx);
      const before = record((await ctx.http.call('GET', `/v4/car/${car}`)).body, 'ad');
      const known = await knownRequests(ctx, car);
      const reply = await ctx.http.call('PATCH', `/v4/car/${car}`, {
        body: { category_fields: { mileage: 12345 } },
      });
      expectStatus(reply, 200, 'PATCH mileage');
      await waitForAction(ctx, car, 'update', known);
      const after = record((await ctx.http.call('GET', `/v4/car/${car}`)).body, 'ad');
      const cf = record(after.category_fields, 'category_fields');
      expectEqual(cf.mileage, 12345, 'mileage');
      expectEqual(cf.brand, record(before.category_fields, 'before').brand, 'brand kept');
      expectEqual(after.price, before.price, 'price kept');
    },
  },
  {
    name: 'put: a partial body is a partial update ("PUT and PATCH are functionally equivalent")',
    async run(ctx) {
      const car = requireCar(ctx);
      const before = record((await ctx.http.call('GET', `/v4/car/${car}`)).body, 'ad');
      const known = await knownRequests(ctx, car);
      const reply = await ctx.http.call('PUT', `/v4/car/${car}`, { body: { category_fields: { mileage: 23456 } } });
      expectStatus(reply, 200, 'PUT mileage only');
      await waitForAction(ctx, car, 'update', known);
      const after = record((await ctx.http.call('GET', `/v4/car/${car}`)).body, 'ad');
      expectEqual(record(after.category_fields, 'category_fields').mileage, 23456, 'mileage');
      expectEqual(after.price, before.price, 'price kept');
    },
  },
  {
    name: 'delete: answers with state created, becomes deleted when the worker is done; still readable',
    async run(ctx) {
      const car = requireCar(ctx);
      const known = await knownRequests(ctx, car);
      const reply = await ctx.http.call('DELETE', `/v4/car/${car}`);
      expectStatus(reply, 200, 'DELETE');
      expectEqual(record(reply.body, 'ad').state, 'created', 'state right after DELETE');
      expectEqual((await waitForAction(ctx, car, 'delete', known)).state, 'done', 'delete action');
      const after = await ctx.http.call('GET', `/v4/car/${car}`);
      expectStatus(after, 200, 'GET after delete');
      expectEqual(record(after.body, 'ad').state, 'deleted', 'state after the worker');
      ctx.created.delete(car);
    },
  },
  {
    name: 'delete: the source_id of a deleted ad cannot be reused',
    async run(ctx) {
      await expectSourceIdRefused(ctx, requireCar(ctx), 'POST with a deleted source_id');
    },
  },
  {
    name: 'update: a deleted registered-vehicle ad cannot be updated (non-field 400)',
    async run(ctx) {
      const car = requireCar(ctx);
      const reply = await ctx.http.call('PATCH', `/v4/car/${car}`, {
        body: { category_fields: { mileage: 1 } },
      });
      expectStatus(reply, 400, 'PATCH a deleted car');
      expectEqual(reply.body, ['Ad has been deleted, cannot update'], 'non-field error');
    },
  },
  {
    name: 'bump: refused for an ad that is not visible',
    needs: 'charges',
    async run(ctx) {
      const hidden = await createCar(ctx, { visible: false });
      const reply = await ctx.http.call('GET', `/v4/car/${hidden}/bump`);
      expectStatus(reply, 400, 'bump a hidden ad');
      expectTrue(Array.isArray(reply.body), 'a non-field error (array of strings)');
    },
  },
  {
    name: 'publish: a visible ad gets blocket_ad_id (and offer_id) when publish is done',
    needs: 'charges',
    async run(ctx) {
      const car = await createCar(ctx, { visible: true });
      expectEqual((await waitForAction(ctx, car, 'publish', new Set())).state, 'done', 'publish');
      const ad = record((await ctx.http.call('GET', `/v4/car/${car}`)).body, 'ad');
      expectTrue(
        typeof ad.blocket_ad_id === 'string' && ad.blocket_ad_id !== '',
        `blocket_ad_id set, got ${String(ad.blocket_ad_id)}`,
      );
      expectTrue(typeof ad.offer_id === 'string', 'offer_id set for a registered vehicle');
      ctx.published = car;
    },
  },
  {
    name: 'bump: a published ad is renewed (bump done)',
    needs: 'charges',
    async run(ctx) {
      if (ctx.published === undefined) throw new CheckFailure('depends on "publish" which failed');
      const known = await knownRequests(ctx, ctx.published);
      expectStatus(await ctx.http.call('GET', `/v4/car/${ctx.published}/bump`), 200, 'bump');
      expectEqual((await waitForAction(ctx, ctx.published, 'bump', known)).state, 'done', 'bump action');
    },
  },
  {
    name: 'pole position: boost done, then refused while active',
    needs: 'charges',
    async run(ctx) {
      if (ctx.published === undefined) throw new CheckFailure('depends on "publish" which failed');
      const known = await knownRequests(ctx, ctx.published);
      expectStatus(
        await ctx.http.call('GET', `/v4/car/${ctx.published}/pole_position`),
        200,
        'pole_position',
      );
      expectEqual((await waitForAction(ctx, ctx.published, 'boost', known)).state, 'done', 'boost action');
      expectStatus(
        await ctx.http.call('GET', `/v4/car/${ctx.published}/pole_position`),
        400,
        'second pole_position while active',
      );
    },
  },
  {
    name: 'retry: a failed publish is re-queued and then done (fake fault injection)',
    needs: 'fake',
    async run(ctx) {
      const sourceId = uniqueSourceId();
      const admin = await ctx.http.call('POST', '/__fake/faults/actions', {
        body: { action: 'publish', sourceIds: [sourceId], times: 1 },
        token: null,
      });
      expectStatus(admin, 201, 'POST /__fake/faults/actions');
      const reply = await ctx.http.call('POST', '/v4/car', {
        body: ctx.factory.buildAd('car', { source_id: sourceId }),
      });
      expectStatus(reply, 201, 'POST /v4/car');
      ctx.created.add(sourceId);
      const failed = await waitForAction(ctx, sourceId, 'publish', new Set());
      expectEqual(failed.state, 'error', 'first publish');
      const known = await knownRequests(ctx, sourceId);
      expectStatus(await ctx.http.call('GET', `/v4/car/${sourceId}/retry`), 200, 'retry');
      expectEqual(
        (await waitForAction(ctx, sourceId, 'publish', known)).state,
        'done',
        'publish after retry',
      );
    },
  },
];

/** The server cannot be reached at all: one clear error instead of a FAIL line per check. */
export class ConformanceSetupError extends Error {}

async function checkReachable(http: Http): Promise<void> {
  try {
    await http.call('GET', '/v4/ad', { token: null });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new ConformanceSetupError(
      `Cannot reach ${http.baseUrl} (${cause}). Is the server running? Check --base-url.`,
    );
  }
}

async function detectFake(http: Http): Promise<boolean> {
  try {
    const reply = await http.call('GET', '/__fake/', { token: null });
    return reply.status === 200 && typeof record(reply.body, 'admin').endpoints === 'object';
  } catch {
    return false;
  }
}

/** A POST reusing `sourceId` must be a 400 that names `source_id` (source_ids are never reusable). */
async function expectSourceIdRefused(ctx: Ctx, sourceId: string, what: string): Promise<void> {
  const reply = await ctx.http.call('POST', '/v4/car', {
    body: ctx.factory.buildAd('car', { source_id: sourceId, visible: false }),
  });
  expectStatus(reply, 400, what);
  expectTrue('source_id' in record(reply.body, '400 body'), 'the error names "source_id"');
}

/**
 * The factory with a licence plate no real vehicle can have on every registered-vehicle ad. Production links the
 * first POST of a plate to the dealer's existing Blocket Admin ad of that plate, and the suite deletes what it
 * created: with a real plate from the spec's examples it could take over, and then delete, a dealer's real ad.
 * Swedish plates never use the letters I and V and have six characters; `IV` and five digits is seven.
 */
export function fictitiousPlates(
  factory: ReturnType<typeof createAdFactory>,
  dealerCode?: string,
): ReturnType<typeof createAdFactory> {
  let counter = Math.floor(Math.random() * 90_000);
  const plate = () => `IV${String(10_000 + (counter++ % 90_000))}`;
  const buildAd = ((type: string, overrides: Record<string, unknown> = {}) => {
    const body = factory.buildAd(type as never, overrides as never) as Record<string, unknown>;
    const fields = body.category_fields as Record<string, unknown> | undefined;
    const own = (overrides.category_fields as Record<string, unknown> | undefined)?.registration_number;
    if (fields !== undefined && 'registration_number' in fields && own === undefined) fields.registration_number = plate();
    // A dealer_group token must say which of its dealers an ad is for.
    if (dealerCode !== undefined && body.dealer_code === undefined) body.dealer_code = dealerCode;
    return body;
  }) as typeof factory.buildAd;
  return { ...factory, buildAd };
}

/**
 * Checks documented behaviours over HTTP against any server: the fake, or production with a real token (then it
 * only creates `visible: false` ads, deletes what it created, and never bumps or boosts unless `allowCharges`).
 *
 * @example
 * const report = await runConformance({ baseUrl: 'http://127.0.0.1:4010/pro-import-api', token, print: console.log });
 * if (report.failed > 0) process.exitCode = 1;
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const http = createHttp(options.baseUrl, options.token, options.fetch ?? fetch);
  await checkReachable(http);
  const isFake = await detectFake(http);
  const ctx: Ctx = {
    http,
    options,
    isFake,
    charges: isFake || options.allowCharges === true,
    pollMs: options.pollMs ?? (isFake ? 50 : 2000),
    timeoutMs: options.actionTimeoutMs ?? 180_000,
    factory: fictitiousPlates(createAdFactory({ seed: Date.now() % 2 ** 31 }), options.dealerCode),
    created: new Set(),
  };
  const report = await runChecks(
    CHECKS.map((check) => ({
      name: check.name,
      run: check.run,
      skip: (c: Ctx) =>
        check.needs === 'fake' && !c.isFake
          ? 'needs the fake'
          : check.needs === 'charges' && !c.charges
            ? 'costs money in production: pass --allow-charges'
            : undefined,
    })),
    ctx,
    {
      ...(options.print === undefined ? {} : { print: options.print }),
      redact: (message) => message.split(options.token).join('<token>'),
    },
  );
  for (const sourceId of ctx.created) {
    await http.call('DELETE', `/v4/ad/${encodeURIComponent(sourceId)}`).catch(() => undefined);
  }
  return report;
}

export const CONFORMANCE_CHECKS: readonly string[] = CHECKS.map((c) => c.name);
