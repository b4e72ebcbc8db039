import type { Clock } from '@x/fake-runtime';
import { validatePayload } from '@x/kleinanzeigen-client/validators';
import type { KleinanzeigenFaults } from './faults.js';
import { problem, type ApiResult, type ProblemPlace } from './problems.js';
import type { FakeState } from './state.js';
import type { Principal, StoredListing, StoredPublication } from './types.js';
import type { Validations } from './validations.js';

/** Everything an operation needs about one call. */
export type Call = {
  principal: Principal;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (an object) of the operations that take one. */
  body: Record<string, unknown>;
  /** The origin the request came to (`http://127.0.0.1:4020`): presigned and image URLs point there. */
  origin: string;
  place: ProblemPlace;
};

/** The parts of the fake the operations use. */
export type Env = {
  state: FakeState;
  clock: Clock;
  faults: KleinanzeigenFaults;
  validations: Validations;
  /** Refuse on the reconstructed rules too. */
  strict: boolean;
  ticketTtlSeconds: number;
  /** How long a publication's validation takes. */
  readonly latencyMs: number;
  /** Signs presigned URLs. */
  signingSecret: string;
};

/**
 * The body the client's validators accept (documented rules; with `strict` all), or what they answer: a 400 with the
 * refused fields, or the documented 415 of a media type (the validators' status and body, with `instance` and the
 * `localized*` members).
 */
export function validated(env: Env, call: Call, resource: string, kind: string): Record<string, unknown> | ApiResult {
  const outcome = validatePayload(resource, kind, call.body, { strict: env.strict });
  if (outcome.success) return call.body;
  return problem(call.place, outcome.errors.status, outcome.errors.detail, outcome.errors.errors);
}

export function isResult(value: unknown): value is ApiResult {
  return typeof value === 'object' && value !== null && 'status' in value && typeof (value as ApiResult).status === 'number';
}

/** The caller's listing, or `undefined` (unknown, another account's: G-26, or deleted unless `withDeleted`: G-14). */
export function ownListing(env: Env, call: Call, options: { withDeleted?: boolean } = {}): StoredListing | undefined {
  const listing = env.state.listings.get(call.params.uuid ?? '');
  if (listing === undefined || listing.userId !== call.principal.userId) return undefined;
  if (listing.deleted && options.withDeleted !== true) return undefined;
  return listing;
}

/** The caller's publication by its UUID, whichever listing it belongs to. */
export function ownPublication(env: Env, call: Call): StoredPublication | undefined {
  const publication = env.state.publications.get(call.params.publicationUuid ?? '');
  return publication !== undefined && publication.userId === call.principal.userId ? publication : undefined;
}

/** Records a change of the listing's images: its publications then have pending changes until a republish (G-19). */
export function touch(env: Env, listing: StoredListing): void {
  listing.updatedAt = env.clock.now();
  listing.revision += 1;
}

/** ISO-8601 UTC with milliseconds. */
export const iso = (ms: number): string => new Date(ms).toISOString();
