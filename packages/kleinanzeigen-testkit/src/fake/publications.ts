import { cloneJson, isRecord } from '@x/fake-runtime';
import { isResult, ownListing, ownPublication, validated, type Call, type Env } from './context.js';
import { listingNotFound, problem, problemB, type ApiResult } from './problems.js';
import type { PublicationLocation, StoredPublication } from './types.js';
import { publicationView, touchPublication } from './validations.js';

function locationOf(value: unknown): PublicationLocation | null {
  if (!isRecord(value)) return null;
  const member = (name: keyof PublicationLocation) => (value[name] === undefined ? null : cloneJson(value[name]));
  return { zipCode: member('zipCode'), city: member('city'), latitude: member('latitude'), longitude: member('longitude') };
}

/**
 * The spellings of the imprint field the fake takes (G-12): the guide says only "Include the Imprint UUID", so the
 * snapshot's `imprintUuid` is our design; a client written against another plausible name is not refused.
 */
export const IMPRINT_FIELDS = ['imprintUuid', 'imprintId', 'imprint_uuid', 'imprintUUID', 'imprint'] as const;

/** The imprint UUID of a publication body under any of `IMPRINT_FIELDS` (`imprint` also as `{uuid}`), the first given. */
export function imprintOf(body: Record<string, unknown>): unknown {
  for (const field of IMPRINT_FIELDS) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (field === 'imprint' && isRecord(value)) return value.uuid;
    return value;
  }
  return undefined;
}

/** `POST /v1/listings/{uuid}/publications`: 202 `{uuid}`, validated asynchronously (G-12, G-13). */
export function createPublication(env: Env, call: Call): ApiResult {
  const body = validated(env, call, 'publications', 'create');
  if (isResult(body)) return body;
  const listing = ownListing(env, call);
  if (listing === undefined) return listingNotFound(call.place);
  const imprintUuid = imprintOf(body);
  const imprint = typeof imprintUuid === 'string' ? env.state.imprints.get(imprintUuid) : undefined;
  if (imprint === undefined || imprint.userId !== call.principal.userId)
    return problem(call.place, 400, 'Invalid request content.', [{ field: 'imprintUuid', message: 'imprint not found' }]);
  // One publication per imprint is our design (G-12, x-rules one-publication-per-imprint): strict mode only.
  const twin = env.strict ? env.state.publicationsOf(listing.uuid).find((other) => other.imprintUuid === imprint.uuid) : undefined;
  if (twin !== undefined) return problem(call.place, 409, `Listing ${listing.uuid} already has publication ${twin.uuid} under imprint ${imprint.uuid}`);
  const now = env.clock.now();
  const publication: StoredPublication = {
    uuid: env.state.uuid(),
    listingUuid: listing.uuid,
    imprintUuid: imprint.uuid,
    userId: call.principal.userId,
    status: 'PENDING',
    statusReason: null,
    location: locationOf(body.location),
    createdAt: now,
    updatedAt: now,
    adId: null,
    contentRevision: listing.revision,
    validation: null,
  };
  env.state.addPublication(publication);
  env.validations.start(publication, 'PUBLISHED', { created: true });
  return { status: 202, body: { uuid: publication.uuid } };
}

/** `GET /v1/listings/{uuid}/publications`: a plain array, readable after the listing was deleted (G-13, G-14). */
export function listPublications(env: Env, call: Call): ApiResult {
  const listing = ownListing(env, call, { withDeleted: true });
  if (listing === undefined) return listingNotFound(call.place);
  return { status: 200, body: env.state.publicationsOf(listing.uuid).map((p) => publicationView(env, p)) };
}

/** `GET /v1/listings/{uuid}/publications/{publicationUuid}`. */
export function getPublication(env: Env, call: Call): ApiResult {
  const listing = ownListing(env, call, { withDeleted: true });
  if (listing === undefined) return listingNotFound(call.place);
  const publication = ownPublication(env, call);
  if (publication === undefined || publication.listingUuid !== listing.uuid)
    return problem(call.place, 404, `Publication ${call.params.publicationUuid ?? ''} not found`);
  return { status: 200, body: publicationView(env, publication) };
}

/**
 * The publication a state operation (style B) is about: the listing (deleted ones too: their publications answer
 * 409, G-14) and the publication must exist; a publication of another listing is the documented "ID Mismatch" 400.
 */
function statePublication(env: Env, call: Call): StoredPublication | ApiResult {
  const listingUuid = call.params.uuid ?? '';
  const publicationUuid = call.params.publicationUuid ?? '';
  const listing = ownListing(env, call, { withDeleted: true });
  if (listing === undefined) return problemB(call.place, 404, `Listing ${listingUuid} not found`);
  const publication = ownPublication(env, call);
  if (publication === undefined) return problemB(call.place, 404, `Publication ${publicationUuid} not found`);
  if (publication.listingUuid !== listing.uuid)
    return problemB(call.place, 400, `Publication ${publicationUuid} does not belong to the Listing ${listingUuid}.`);
  return publication;
}

/** The `requestedState` query parameter, or the style-B 400 a missing or unknown value gets (G-16). */
function requestedState<S extends string>(call: Call, allowed: readonly S[]): S | ApiResult {
  const value = call.query.get('requestedState');
  if (value === null) return problemB(call.place, 400, "Required parameter 'requestedState' is not present.");
  if (!(allowed as readonly string[]).includes(value))
    return problemB(call.place, 400, `Invalid requestedState '${value}': use ${allowed.join(' or ')}.`);
  return value as S;
}

/**
 * `PUT .../publications/{publicationUuid}?requestedState=PUBLISHED|PAUSED` with `{}`: republish the listing's current
 * content; `PENDING` until validated (G-3, G-15). While `PENDING` the validation starts again; a `DELETED` publication
 * stays as it is (204). Strict mode: 409 for both (x-rules). Style-B problems.
 */
export function republish(env: Env, call: Call): ApiResult {
  const state = requestedState(call, ['PUBLISHED', 'PAUSED'] as const);
  if (typeof state !== 'string') return state;
  const body = validated(env, call, 'publications', 'republish');
  if (isResult(body)) {
    const errors = (body.body as { errors?: Array<{ field: string; message: string }> }).errors ?? [];
    const fields = errors.map((e) => `${e.field} ${e.message}`).join('; ');
    return problemB(call.place, 400, `The body must be the empty JSON object {}${fields === '' ? '' : ` (${fields})`}.`);
  }
  const publication = statePublication(env, call);
  if (!('uuid' in publication)) return publication;
  if (env.strict && publication.status === 'PENDING')
    return problemB(call.place, 409, `Publication ${publication.uuid} is PENDING: wait until its validation has finished, then republish.`);
  if (publication.status === 'DELETED') {
    if (env.strict) return problemB(call.place, 409, `Publication ${publication.uuid} is DELETED: its listing was deleted.`);
    return { status: 204 };
  }
  env.validations.start(publication, state);
  return { status: 204 };
}

/**
 * `PUT .../publications/{publicationUuid}/state?requestedState=PAUSED|RESUMED` (no body): pause a `PUBLISHED`
 * publication, resume a `PAUSED` one; the state it already has is a no-op. Which other transitions are allowed is
 * not documented (G-15): a `PENDING` publication ends its validation in the requested state, a `REJECTED` or
 * `DELETED` one stays as it is (204); strict mode answers 409 to all three (x-rules). Style-B problems.
 */
export function setState(env: Env, call: Call): ApiResult {
  const state = requestedState(call, ['PAUSED', 'RESUMED'] as const);
  if (typeof state !== 'string') return state;
  const publication = statePublication(env, call);
  if (!('uuid' in publication)) return publication;
  const target = state === 'PAUSED' ? 'PAUSED' : 'PUBLISHED';
  if (publication.status !== 'PUBLISHED' && publication.status !== 'PAUSED') {
    if (env.strict)
      return problemB(
        call.place,
        409,
        `Publication ${publication.uuid} is ${publication.status}: only a PUBLISHED publication can be paused and a PAUSED one resumed.`,
      );
    if (publication.validation !== null && publication.validation.requestedState !== target) {
      publication.validation.requestedState = target;
      touchPublication(env, publication);
    }
    return { status: 204 };
  }
  if (publication.status !== target) {
    publication.status = target;
    touchPublication(env, publication);
  }
  return { status: 204 };
}
