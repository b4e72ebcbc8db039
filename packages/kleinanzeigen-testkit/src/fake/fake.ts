import { cloneJson, createClock, ManualClock, RealClock, type Clock, type ClockOption, type RouteDef } from '@x/fake-runtime';
import {
  authenticateToken,
  AUDIENCE,
  ClientRegistry,
  DEFAULT_CLIENT,
  issueToken,
  randomSigningSecret,
  tokenOf,
  type AuthFailure,
  type TokenOptions,
} from './auth.js';
import { checkSnapshot } from './check-snapshot.js';
import type { Call, Env } from './context.js';
import { KleinanzeigenFaults } from './faults.js';
import { createImprint, createListing, deleteListing, getListing, listingView, updateListing } from './listings.js';
import { attachMedia, deleteMedia, reorderMedia, requestTicket, serveImage, storeUpload, type StorageResult } from './media.js';
import type { ApiResult } from './problems.js';
import { createPublication, getPublication, listPublications, republish, setState } from './publications.js';
import { FakeState } from './state.js';
import type { ClientConfig, KleinanzeigenSnapshot, Principal } from './types.js';
import { publicationView, Validations } from './validations.js';

/**
 * Options of `createKleinanzeigenFake`.
 *
 * @example
 * const options: KleinanzeigenFakeOptions = { clients: [{ clientId: 'shop', clientSecret: 'local' }], latencyMs: 0, seed: 7 };
 */
export type KleinanzeigenFakeOptions = {
  /** The API clients the token endpoint accepts; each acts for one seller account. Default: `DEFAULT_CLIENT`. */
  clients?: readonly ClientConfig[];
  /** `manual` (default): time moves only with `fake.clock.advance(ms)`; `real`: the wall clock; or your own Clock. */
  clock?: ClockOption;
  /** Start of the manual clock (epoch ms or ISO string); default now. */
  startTime?: number | string;
  /** How long a publication's validation takes, in ms. Default 1000 on the manual clock, 50 on the real one. */
  latencyMs?: number;
  /** `expires_in` of the tokens the token endpoint issues. Default 3600. */
  tokenTtlSeconds?: number;
  /** How long a media ticket (and its presigned URL) lives. Default 900. */
  ticketTtlSeconds?: number;
  /** Seed of the PRNG behind every UUID, so a scenario replays identically. Default 1. */
  seed?: number;
  /** Refuse on the snapshot's reconstructed and inferred rules too, not only on the documented ones. Default false. */
  strict?: boolean;
  /** A state to start from (see `fake.snapshot()`). */
  snapshot?: KleinanzeigenSnapshot;
  /**
   * HS256 key of the fake's tokens and presigned URLs. Default: a random one per fake (`randomSigningSecret()`), so
   * nothing signed with anything else is taken (401 for a token, 403 for an upload URL). Tokens and upload URLs
   * therefore do not survive a restart, even with the state loaded from a file: a client with credentials fetches a
   * new token after the 401, and `client.media.upload` takes a fresh ticket after the 403. Give your own key (kept
   * secret, at least 32 bytes) only when tokens must stay valid across restarts.
   */
  signingSecret?: string;
  /**
   * Manual clock only: after answering each request, run every pending validation at once (time jumps as far as
   * they need). The answer itself still shows the state before (a new publication is `PENDING`); the next request
   * sees the outcome. So `publications.createAndWait` and `republishAndWait` finish without anyone advancing the
   * clock. Default false.
   */
  autoAdvance?: boolean;
};

const positive = (value: number, name: string): number => {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`createKleinanzeigenFake: ${name} must be a number > 0, got ${value}`);
  return value;
};

/**
 * The route the HTTP layer found, and the call.
 *
 * @example
 * fake.dispatch({ route, call }); // what handleKleinanzeigenRequest does after routing and authentication
 */
export type Dispatch = { route: RouteDef; call: Call };

/**
 * A stateful fake of the Kleinanzeigen Public API Gateway (goods API, token endpoint, presigned-upload storage).
 * Serve it with `kleinanzeigenHandlers(fake)` (msw) or `startKleinanzeigenServer({ fake })` (HTTP).
 *
 * @example
 * const fake = createKleinanzeigenFake({ clients: [{ clientId: 'shop', clientSecret: 's3cret' }] });
 * const token = fake.token();             // or POST /v2/oidc/token with the credentials
 * // ... create a listing and a publication through msw or HTTP ...
 * fake.clock.advance(1_000);              // the publication's validation ends
 */
export class KleinanzeigenFake {
  readonly clock: Clock;
  readonly faults = new KleinanzeigenFaults();
  readonly tokenTtlSeconds: number;
  readonly ticketTtlSeconds: number;
  readonly strict: boolean;
  private readonly registry: ClientRegistry;
  private readonly signingSecret: string;
  private readonly seed: number;
  private state: FakeState;
  private latency: number;
  private readonly validations: Validations;
  private readonly env: Env;
  private auto = false;

  constructor(options: KleinanzeigenFakeOptions = {}) {
    this.clock = createClock({
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.startTime === undefined ? {} : { startTime: options.startTime }),
      where: 'createKleinanzeigenFake',
    });
    this.registry = new ClientRegistry(options.clients ?? [DEFAULT_CLIENT]);
    this.latency = this.checkLatency(options.latencyMs ?? (this.clock instanceof RealClock ? 50 : 1000));
    this.tokenTtlSeconds = positive(options.tokenTtlSeconds ?? 3600, 'tokenTtlSeconds');
    this.ticketTtlSeconds = positive(options.ticketTtlSeconds ?? 900, 'ticketTtlSeconds');
    this.strict = options.strict === true;
    if (options.signingSecret !== undefined && (typeof options.signingSecret !== 'string' || options.signingSecret.length < 16))
      throw new TypeError('createKleinanzeigenFake: signingSecret must be a string of at least 16 characters (better: 32 random bytes); leave it out for a random one');
    this.signingSecret = options.signingSecret ?? randomSigningSecret();
    this.seed = options.seed ?? 1;
    this.state = new FakeState(this.seed);
    const fake = this;
    this.env = {
      get state() {
        return fake.state;
      },
      clock: this.clock,
      faults: this.faults,
      get validations() {
        return fake.validations;
      },
      strict: this.strict,
      ticketTtlSeconds: this.ticketTtlSeconds,
      signingSecret: this.signingSecret,
      get latencyMs() {
        return fake.latency;
      },
    };
    this.validations = new Validations(() => this.env);
    if (options.snapshot !== undefined) this.load(options.snapshot);
    if (options.autoAdvance === true) this.autoAdvance = true;
  }

  /** See `KleinanzeigenFakeOptions.autoAdvance`. Manual clock only. */
  get autoAdvance(): boolean {
    return this.auto;
  }

  set autoAdvance(value: boolean) {
    if (value && this.clock instanceof RealClock)
      throw new RangeError('autoAdvance needs the manual clock: the real clock ends validations on its own');
    this.auto = value;
  }

  /** Called by the request handler after each answer: with `autoAdvance`, ends every pending validation. */
  afterRequest(): void {
    if (this.auto) this.clock.runAll();
  }

  private checkLatency(value: number): number {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`latencyMs must be a number >= 0, got ${value}`);
    return value;
  }

  /** How long a publication's validation takes, in ms. */
  get latencyMs(): number {
    return this.latency;
  }

  set latencyMs(value: number) {
    this.latency = this.checkLatency(value);
  }

  /** The configured clients and the accounts they act for (never their secrets). */
  clients(): Principal[] {
    return this.registry.list();
  }

  /**
   * An access token for a configured client, as the token endpoint would issue it (for tests; other options make
   * tokens the goods API refuses: another `audience` is 403).
   *
   * @example
   * const token = fake.token({ clientId: 'shop' });
   */
  token(options: TokenOptions = {}): string {
    const clientId = options.clientId ?? this.registry.list()[0]?.clientId ?? '';
    const principal = this.registry.principal(clientId);
    if (principal === undefined) throw new Error(`fake.token: no client "${clientId}" is configured; use one of ${this.registry.list().map((c) => c.clientId).join(', ')}`);
    return issueToken(principal, {
      secret: this.signingSecret,
      now: this.clock.now(),
      ttlSeconds: options.ttlSeconds ?? this.tokenTtlSeconds,
      audience: options.audience ?? AUDIENCE,
    });
  }

  /** The client these credentials belong to, or `undefined` (an unknown id and a wrong secret look the same). */
  authenticateClient(clientId: string, clientSecret: string): Principal | undefined {
    return this.registry.authenticate(clientId, clientSecret);
  }

  /** Who is calling the goods API, from the request's headers, or why not (401/403, G-1, G-2). */
  authenticate(header: (name: string) => string | null): Principal | AuthFailure {
    const token = tokenOf(header);
    if (typeof token !== 'string') return token;
    return authenticateToken(token, { secret: this.signingSecret, now: this.clock.now(), clients: this.registry });
  }

  /** Runs one goods operation. Synchronous, so concurrent requests can never interleave inside a mutation. */
  dispatch({ route, call }: Dispatch): ApiResult {
    const env = this.env;
    switch (route.operationId) {
      case 'createimprint':
        return createImprint(env, call);
      case 'createlisting':
        return createListing(env, call);
      case 'getlisting':
        return getListing(env, call);
      case 'updatelisting':
        return updateListing(env, call);
      case 'deletelisting':
        return deleteListing(env, call);
      case 'requestticket':
        return requestTicket(env, call);
      case 'addmedia':
        return attachMedia(env, call);
      case 'deletemedia':
        return deleteMedia(env, call);
      case 'ordermedia':
        return reorderMedia(env, call);
      case 'createpublication':
        return createPublication(env, call);
      case 'getpublications':
        return listPublications(env, call);
      case 'getpublication':
        return getPublication(env, call);
      case 'updatepublication':
        return republish(env, call);
      case 'updatepublicationstate':
        return setState(env, call);
      default:
        return { status: 501, body: { detail: `The fake does not implement ${route.operationId} (${route.method.toUpperCase()} ${route.path}).` } };
    }
  }

  /** The storage's presigned upload (see the README: signature, expiry, JPEG or PNG bytes). */
  upload(request: Parameters<typeof storeUpload>[1]): StorageResult {
    return storeUpload(this.env, request);
  }

  /** A stored image by its file name (`<id>.jpg`). */
  image(name: string): StorageResult {
    return serveImage(this.env, name);
  }

  /** Every listing of every account as `GET /v1/listings/{uuid}` shows it, deleted ones too (with `deleted`). */
  listListings(): Array<Record<string, unknown>> {
    return [...this.state.listings.values()].map((l) => ({ ...listingView(l), deleted: l.deleted }));
  }

  /** One listing as `GET` shows it (also a deleted one), or `undefined`. */
  getListing(uuid: string): Record<string, unknown> | undefined {
    const listing = this.state.listings.get(uuid);
    return listing === undefined ? undefined : { ...listingView(listing), deleted: listing.deleted };
  }

  /** One publication as `GET` shows it, or `undefined`. */
  getPublication(uuid: string): Record<string, unknown> | undefined {
    const publication = this.state.publications.get(uuid);
    return publication === undefined ? undefined : publicationView(this.env, publication);
  }

  /**
   * The state itself, as the API reads it, for the web view (`startKleinanzeigenServer` serves it at `/`), which
   * renders it and never writes to it. Not for tests: assert on what the API answers (`getListing`, `getPublication`).
   */
  currentState(): FakeState {
    return this.state;
  }

  /** Number of publications being validated. */
  pendingValidations(): number {
    return this.validations.pending();
  }

  /** Ends every pending validation now, whatever the clock says; answers how many ended. */
  runValidations(): number {
    return this.validations.runAll();
  }

  /** The whole state as JSON (listings, imprints, tickets, images, publications, counters, PRNG, manual-clock time). */
  snapshot(): KleinanzeigenSnapshot {
    const s = this.state;
    return {
      version: 1,
      now: this.clock.now(),
      imprints: cloneJson([...s.imprints.values()]),
      listings: cloneJson([...s.listings.values()]),
      tickets: cloneJson([...s.tickets.values()]),
      images: cloneJson([...s.images.values()]),
      publications: cloneJson([...s.publications.values()]),
      counters: { ...s.counters },
      randomState: s.random.seedState,
    };
  }

  /** Replaces the state with a snapshot and resumes its pending validations (a manual clock jumps to its time). */
  load(given: KleinanzeigenSnapshot): void {
    const snapshot = checkSnapshot(given);
    const state = new FakeState(snapshot.randomState);
    const copy = cloneJson(snapshot);
    for (const item of copy.imprints) state.imprints.set(item.uuid, item);
    for (const item of copy.listings) state.listings.set(item.uuid, item);
    for (const item of copy.tickets) state.tickets.set(item.uuid, item);
    for (const item of copy.images) state.images.set(item.id, item);
    for (const item of copy.publications) state.addPublication(item);
    state.counters = { ...copy.counters };
    this.replaceState(state);
    // On the manual clock the time is part of the state, so a replay continues at the saved moment.
    if (this.clock instanceof ManualClock) this.clock.setNow(snapshot.now);
    this.validations.resumeAll();
  }

  /** Forgets every listing, imprint, ticket, image, publication and fault. */
  reset(): void {
    this.faults.clear();
    this.replaceState(new FakeState(this.seed));
  }

  /** Stops the validation timers (the HTTP server calls it on close). */
  stop(): void {
    this.validations.disarmAll();
    this.clock.cancelAll();
  }

  private replaceState(state: FakeState): void {
    this.stop();
    this.state = state;
  }
}

/**
 * Creates a fake. Default: a manual clock (advance it instead of sleeping), validations of 1 s, `DEFAULT_CLIENT`.
 *
 * @example
 * const fake = createKleinanzeigenFake({ clients: [{ clientId: 'shop', clientSecret: process.env.SECRET ?? 'local' }], seed: 7 });
 */
export function createKleinanzeigenFake(options: KleinanzeigenFakeOptions = {}): KleinanzeigenFake {
  return new KleinanzeigenFake(options);
}
