import { attributeValues, attributes, childValues } from './catalogue-api.js';
import { createClock, InputError, ManualClock, parseInput, RealClock, type Clock, type RouteDef } from '@x/fake-runtime';
import { z } from 'zod';
import type { ApiResult, Call, Env, Family } from './context.js';
import { checkSnapshot } from './check-snapshot.js';
import { Faults } from './faults.js';
import { isRegisteredCategory } from './facts.js';
import { cloneJson, type JsonObject } from './json.js';
import { FakeState } from './state.js';
import { createTestToken, DEFAULT_JWT_SECRET, type Principal, type TokenClaims } from './tokens.js';
import type { AdminAd, FakeSnapshot, ImageRef, Job, StoredAd } from './types.js';
import { mergedValidatorFor, validatorFor, type ValidateMerged, type ValidatePayload } from './validation.js';
import { adView } from './view.js';
import { Worker } from './worker.js';
import { bumpAd, polePositionAd, retryAd } from './actions.js';
import { listAds, logList, retrieveAd } from './reads.js';
import { createAd, deleteAd, migrateAd, updateAd, validateAd } from './writes.js';

/** Options of `createFake`. */
export type FakeOptions = {
  /** `manual` (default): time moves only with `fake.clock.advance(ms)`; `real`: the wall clock. Or your own Clock. */
  clock?: 'manual' | 'real' | Clock;
  /** Start of the manual clock (epoch ms or ISO string); defaults to now. */
  startTime?: number | string;
  /** Duration of each asynchronous step (one log action), in ms. Default 1000 on the manual clock, 50 on the real one. */
  latencyMs?: number;
  /** The HS256 secret tokens must be signed with. Default `pro-import-fake-secret`. */
  jwtSecret?: string;
  /** Seed of the PRNG behind ids and request_ids, so a scenario replays identically. Default 1. */
  seed?: number;
  /** The body validator. Default: the client's `validatePayload`, so fake and client agree on every 400. */
  validate?: ValidatePayload;
  /**
   * Refuse on the snapshot's reconstructed and inferred rules too (an unknown brand, a plate format), not only on
   * the documented ones. Default `false`: the fake accepts what the real server most plausibly accepts.
   */
  strict?: boolean;
  /** A state to start from (see `fake.snapshot()`). */
  snapshot?: FakeSnapshot;
  /**
   * Manual clock only: after answering each request, run every piece of queued work at once (time jumps as far as
   * that work needs). The answer itself still shows the state before the work, as the real API's does; the next
   * request sees it done. So `createAndWait` and the other `*AndWait` calls finish without anyone advancing the
   * clock. Default false (time moves only with `fake.clock.advance`).
   */
  autoAdvance?: boolean;
};

/** The body of `PUT /__fake/bump-permission`. */
export const BumpPermissionSchema = z.object({ dealer_code: z.string().min(1), allowed: z.boolean() }).strict();

/** A V3 ad to seed (for migration scenarios); anything not given gets a plausible default. */
export type SeedV3AdInput = {
  category_id: number;
  source_id?: string;
  dealer_code?: string;
  /** Whether the ad has been published already (default true). */
  published?: boolean;
  fields?: JsonObject;
};

/** The shape of `SeedV3AdInput` (also the body of `POST /__fake/seed/v3`). */
export const SeedV3AdSchema = z
  .object({
    category_id: z.int().min(1),
    source_id: z.string().min(1).optional(),
    dealer_code: z.string().min(1).optional(),
    published: z.boolean().optional(),
    fields: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** What `seedAdminAd` takes (also the body of `POST /__fake/seed/admin`). */
export type SeedAdminAdInput = { registration_number: string; dealer_code?: string; blocket_ad_id?: string };

/** The shape of `SeedAdminAdInput`. */
export const SeedAdminAdSchema = z
  .object({
    registration_number: z.string().min(1),
    dealer_code: z.string().min(1).optional(),
    blocket_ad_id: z.string().min(1).optional(),
  })
  .strict();

/** The operation the router found and who is calling; the HTTP layer builds it. */
export type Dispatch = {
  route: RouteDef;
  params: Record<string, string>;
  principal: Principal;
  query: URLSearchParams;
  body: unknown;
  url: URL;
};

function familyOf(route: RouteDef): Family | 'catalogue' {
  if (route.path.startsWith('/v3/vehicle') || route.path.startsWith('/v4/vehicles')) return 'catalogue';
  if (route.resource !== null) return 'typed';
  return route.path.startsWith('/v3/') ? 'v3' : 'ads';
}

/**
 * A stateful fake of the Pro Import API. Serve it with `proImportHandlers(fake)` (msw) or `startFakeServer({ fake })`.
 *
 * @example
 * const fake = createFake();
 * const token = fake.token({ scope: 'dealer_code', dealer_code: 'D1' });
 * // ... POST /v4/car through msw or HTTP ...
 * fake.clock.advance(4_000); // create, handle_media, publish: one latency each
 */
export class ProImportFake {
  readonly clock: Clock;
  readonly faults = new Faults();
  readonly jwtSecret: string;
  private state: FakeState;
  private worker: Worker;
  private readonly validate: ValidatePayload;
  private readonly validateMerged: ValidateMerged;
  private readonly seed: number;
  private auto = false;

  constructor(options: FakeOptions = {}) {
    this.clock = createClock({
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.startTime === undefined ? {} : { startTime: options.startTime }),
      where: 'createFake',
    });
    const latency = options.latencyMs ?? (this.clock instanceof RealClock ? 50 : 1000);
    if (!Number.isFinite(latency) || latency < 0)
      throw new RangeError(`createFake: latencyMs must be a number >= 0, got ${latency}`);
    this.jwtSecret = options.jwtSecret ?? DEFAULT_JWT_SECRET;
    this.validate = options.validate ?? validatorFor({ strict: options.strict === true });
    this.validateMerged = mergedValidatorFor({ strict: options.strict === true });
    this.seed = options.seed ?? 1;
    this.state = new FakeState(this.clock, this.faults, latency, this.seed);
    this.worker = new Worker(this.state);
    if (options.snapshot !== undefined) this.load(options.snapshot);
    if (options.autoAdvance === true) this.autoAdvance = true;
  }

  /** See `FakeOptions.autoAdvance`. Manual clock only. */
  get autoAdvance(): boolean {
    return this.auto;
  }

  set autoAdvance(value: boolean) {
    if (value && this.clock instanceof RealClock)
      throw new RangeError('autoAdvance needs the manual clock: the real clock runs queued work on its own');
    this.auto = value;
  }

  /** Called by the request handler after each answer: with `autoAdvance`, runs every piece of queued work. */
  afterRequest(): void {
    if (this.auto) this.clock.runAll();
  }

  /** Duration of each asynchronous step in ms. */
  get latencyMs(): number {
    return this.state.latencyMs;
  }

  set latencyMs(value: number) {
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`latencyMs must be a number >= 0, got ${value}`);
    this.state.latencyMs = value;
  }

  /** A token signed with this fake's secret. */
  token(claims: TokenClaims): string {
    return createTestToken(claims, { secret: this.jwtSecret });
  }

  /** Runs one API operation. Synchronous, so concurrent requests can never interleave inside a mutation. */
  dispatch(request: Dispatch): ApiResult {
    const family = familyOf(request.route);
    const name = request.route.methodName;
    if (family === 'catalogue') return this.catalogue(request);
    const call: Call = {
      principal: request.principal,
      family,
      resource: request.route.resource,
      params: request.params,
      query: request.query,
      body: request.body,
      url: request.url,
    };
    const env: Env = { state: this.state, worker: this.worker, validate: this.validate, validateMerged: this.validateMerged };
    switch (name) {
      case 'create':
        return createAd(env, call);
      case 'validate':
        return validateAd(env, call);
      case 'list':
        return listAds(env, call);
      case 'get':
        return retrieveAd(env, call);
      case 'update':
      case 'patch':
        return updateAd(env, call, name);
      case 'delete':
        return deleteAd(env, call);
      case 'migrate':
        return migrateAd(env, call);
      case 'log':
        return logList(env, call);
      case 'bump':
        return bumpAd(env, call);
      case 'polePosition':
        return polePositionAd(env, call);
      case 'retry':
        return retryAd(env, call);
      default:
        return {
          status: 501,
          body: {
            detail: `The fake does not implement ${request.route.operationId} (${request.route.method.toUpperCase()} ${request.route.path}).`,
          },
        };
    }
  }

  private catalogue(request: Dispatch): ApiResult {
    const { route, params, query } = request;
    const type = params.vehicle_type ?? 'car';
    switch (route.methodName) {
      case 'attributes':
        return attributes(type);
      case 'values':
        return attributeValues(type, params.attribute ?? '');
      case 'carModels':
      case 'models':
        return childValues('car', 'model', query.get('brand'));
      case 'brands':
        return attributeValues('car', 'brand');
      case 'bodyTypes':
        return attributeValues('car', 'body_type');
      case 'fuels':
        return attributeValues('car', 'fuel');
      default:
        return { status: 501, body: { detail: `The fake does not implement ${route.operationId}.` } };
    }
  }

  /**
   * Stores a V3 ad directly (as if created with the V3 API long ago), for migration scenarios.
   *
   * @example
   * fake.seedV3Ad({ category_id: 1062, source_id: 'old-boat', dealer_code: 'D1' });
   */
  seedV3Ad(given: SeedV3AdInput): JsonObject {
    const input = parseInput(SeedV3AdSchema, given, 'fake.seedV3Ad') as SeedV3AdInput;
    const dealer = input.dealer_code ?? 'D1';
    const sourceId = input.source_id ?? `v3-${this.state.uuid()}`;
    const key = this.state.key(dealer, sourceId);
    if (this.state.ads.has(key))
      throw new InputError(
        `fake.seedV3Ad: dealer ${dealer} already has an ad with source_id "${sourceId}"; pick another source_id`,
      );
    const now = this.clock.now();
    const registered = isRegisteredCategory(input.category_id);
    const fields: JsonObject = {
      ...(registered
        ? {}
        : {
            title: `V3 ad ${sourceId}`,
            contact: { name: 'Seed', phone: '0701234567', email: 'seed@example.com' },
          }),
      body: `Seeded V3 ad in category ${input.category_id}.`,
      visible: true,
      price: [{ type: 'list', amount: 10000, currency: 'SEK' }],
      image_urls: [],
      ...cloneJson(input.fields ?? {}),
    };
    const ad: StoredAd = {
      id: this.state.uuid(),
      source_id: sourceId,
      dealer_code: dealer,
      category_id: input.category_id,
      api_version: 'v3',
      state: 'created',
      fields,
      image_refs: [],
      blocket_ad_id: null,
      offer_id: null,
      registered,
      created: now,
      updated: now,
      pole_position_until: null,
      retry: null,
      log: [],
    };
    const requestId = this.state.uuid();
    for (const action of input.published === false
      ? (['create'] as const)
      : (['create', 'handle_media', 'publish'] as const)) {
      this.state.log(ad, requestId, action, 'processing', 'Seeded.');
      this.state.log(ad, requestId, action, 'done', 'Seeded.');
    }
    if (input.published !== false) {
      ad.blocket_ad_id = this.state.nextBlocketAdId();
      if (registered) ad.offer_id = this.state.nextOfferId();
    }
    this.state.addAd(key, ad);
    return adView(ad, { includeLog: true });
  }

  /**
   * Stores an ad that exists only in Blocket Admin (the legacy file import). The first API POST of a registered
   * vehicle with the same licence plate for that dealer links to it and keeps its blocket_ad_id.
   *
   * @example
   * fake.seedAdminAd({ registration_number: 'ABC123' }); // then POST /v4/car with registration_number "abc 123"
   */
  seedAdminAd(given: SeedAdminAdInput): AdminAd {
    const input = parseInput(SeedAdminAdSchema, given, 'fake.seedAdminAd') as SeedAdminAdInput;
    const ad: AdminAd = {
      dealer_code: input.dealer_code ?? 'D1',
      registration_number: input.registration_number,
      blocket_ad_id: input.blocket_ad_id ?? this.state.nextBlocketAdId(),
      linked_source_id: null,
    };
    this.state.adminAds.push(ad);
    return { ...ad };
  }

  /** Every stored ad of every dealer as the API would show it (with log), for assertions. */
  listAds(): JsonObject[] {
    return [...this.state.ads.values()].map((ad) => adView(ad, { includeLog: true }));
  }

  /** One ad as the API would show it, or `undefined`. */
  getAd(dealerCode: string, sourceId: string): JsonObject | undefined {
    const ad = this.state.ads.get(this.state.key(dealerCode, sourceId));
    return ad === undefined ? undefined : adView(ad, { includeLog: true });
  }

  /**
   * The state itself, as the API reads it, for the web view (`startFakeServer` serves it at `/`), which renders it
   * and never writes to it. Not for tests: assert on what the API answers (`getAd`, `listAds`).
   */
  currentState(): FakeState {
    return this.state;
  }

  /** Number of ads with queued work. */
  pendingJobs(): number {
    let n = 0;
    for (const queue of this.state.queues.values()) n += queue.length;
    return n;
  }

  /**
   * Grants or revokes a dealer's bump permission ("The dealer must have bump permissions for at least one
   * marketplace"). Every dealer has it unless revoked.
   *
   * @example
   * fake.setBumpPermission('D1', false); // GET .../bump now answers 400 for D1's ads
   */
  setBumpPermission(dealerCode: string, allowed: boolean): void {
    parseInput(BumpPermissionSchema, { dealer_code: dealerCode, allowed }, 'fake.setBumpPermission');
    if (allowed) this.state.bumpDenied.delete(dealerCode);
    else this.state.bumpDenied.add(dealerCode);
  }

  /** Runs all queued work now, whatever the clock says. */
  flush(): void {
    this.worker.flush();
  }

  /** The whole state as JSON: ads with their logs, queued work, counters. Faults are configuration and not included. */
  snapshot(): FakeSnapshot {
    const queues: Record<string, Job[]> = {};
    for (const [key, queue] of this.state.queues) {
      const [dealer, sourceId] = FakeState.parts(key);
      queues[FakeState.snapshotKey(dealer, sourceId)] = cloneJson(queue);
    }
    const adminAds = this.state.adminAds.map((a) => ({ ...a }));
    const media: Record<string, ImageRef> = {};
    for (const [key, ref] of this.state.media) media[key] = { ...ref };
    return {
      version: 1,
      now: this.clock.now(),
      ads: cloneJson([...this.state.ads.values()]),
      queues,
      media,
      adminAds,
      ...(this.state.bumpDenied.size > 0 ? { bumpDenied: [...this.state.bumpDenied].sort() } : {}),
      counters: { ...this.state.counters },
      randomState: this.state.random.seedState,
    };
  }

  /** Replaces the state with a snapshot and resumes its queued work (a manual clock jumps to the snapshot's time). */
  load(given: FakeSnapshot): void {
    const { snapshot, queues } = checkSnapshot(given);
    const state = new FakeState(this.clock, this.faults, this.state.latencyMs, snapshot.randomState ?? this.seed);
    for (const ad of cloneJson(snapshot.ads)) state.addAd(state.key(ad.dealer_code, ad.source_id), ad);
    for (const { dealer, sourceId, jobs } of queues) state.queues.set(state.key(dealer, sourceId), cloneJson(jobs));
    for (const [key, ref] of Object.entries(snapshot.media ?? {})) state.media.set(key, { ...ref });
    state.adminAds = (snapshot.adminAds ?? []).map((a) => ({ ...a }));
    state.bumpDenied = new Set(snapshot.bumpDenied ?? []);
    state.counters = { ...state.counters, ...snapshot.counters };
    this.replaceState(state);
    // On the manual clock the time is part of the state, so a replay continues at the saved moment.
    if (this.clock instanceof ManualClock && typeof snapshot.now === 'number')
      this.clock.setNow(snapshot.now);
    this.worker.resumeAll();
  }

  /** Forgets every ad, queued job and fault. */
  reset(): void {
    this.faults.clear();
    this.replaceState(new FakeState(this.clock, this.faults, this.state.latencyMs, this.seed));
  }

  /** Stops the worker's timers (the HTTP server calls it on close). */
  stop(): void {
    this.worker.disarmAll();
    this.clock.cancelAll();
  }

  private replaceState(state: FakeState): void {
    this.worker.disarmAll();
    this.clock.cancelAll();
    this.state = state;
    this.worker = new Worker(state);
  }
}

/**
 * Creates a fake. The default is a manual clock (advance it instead of sleeping) and a 1 s latency per step.
 *
 * @example
 * const fake = createFake({ seed: 42 });
 * fake.clock.advance(4_000);
 */
export function createFake(options: FakeOptions = {}): ProImportFake {
  return new ProImportFake(options);
}
