import { cloneJson } from '@x/fake-runtime';
import { isResult, ownListing, validated, type Call, type Env } from './context.js';
import { listingNotFound, type ApiResult } from './problems.js';
import type { ListingFields, StoredListing } from './types.js';
import { cancelPublications } from './validations.js';

/** The writable fields, as the create and update bodies name them. Anything else in a body is ignored. */
export const LISTING_FIELDS = [
  'category',
  'title',
  'description',
  'attributes',
  'adType',
  'price',
  'email',
  'phoneNumber',
  'customReference',
  'contactPerson',
  'buyNow',
] as const satisfies readonly (keyof ListingFields)[];

/** A listing as `GET /v1/listings/{uuid}` answers it: exactly the documented fields, `null` for what was never set (G-6). */
export function listingView(listing: StoredListing): Record<string, unknown> {
  const f = listing.fields;
  const field = (name: keyof ListingFields) => (f[name] === undefined ? null : cloneJson(f[name]));
  return {
    uuid: listing.uuid,
    category: field('category'),
    title: field('title'),
    description: field('description'),
    attributes: field('attributes'),
    adType: field('adType'),
    adPrice: field('price'),
    userId: listing.userId,
    email: field('email'),
    phoneNumber: field('phoneNumber'),
    customReference: field('customReference'),
    contactPerson: field('contactPerson'),
    buyNow: field('buyNow'),
    urls: [...listing.urls],
  };
}

/** `POST /v1/listings`: 201 `{uuid}` (G-4, G-5). */
export function createListing(env: Env, call: Call): ApiResult {
  const body = validated(env, call, 'listings', 'create');
  if (isResult(body)) return body;
  const fields: ListingFields = {};
  for (const name of LISTING_FIELDS) if (body[name] !== undefined && body[name] !== null) fields[name] = cloneJson(body[name]);
  const now = env.clock.now();
  const listing: StoredListing = {
    uuid: env.state.uuid(),
    userId: call.principal.userId,
    fields,
    urls: [],
    deleted: false,
    createdAt: now,
    updatedAt: now,
    revision: 0,
  };
  env.state.listings.set(listing.uuid, listing);
  return { status: 201, body: { uuid: listing.uuid } };
}

/** `GET /v1/listings/{uuid}`. */
export function getListing(env: Env, call: Call): ApiResult {
  const listing = ownListing(env, call);
  if (listing === undefined) return listingNotFound(call.place);
  return { status: 200, body: listingView(listing) };
}

/**
 * `PUT /v1/listings/{uuid}`: partial; absent stays, `null` clears, `attributes` is replaced whole (G-11). 204. "The
 * update also applies to every publication linked to the listing" (the operation page): it leaves no pending changes
 * (only image changes wait for a republish, G-19).
 */
export function updateListing(env: Env, call: Call): ApiResult {
  const body = validated(env, call, 'listings', 'update');
  if (isResult(body)) return body;
  const listing = ownListing(env, call);
  if (listing === undefined) return listingNotFound(call.place);
  const before = JSON.stringify(listing.fields);
  for (const name of LISTING_FIELDS) {
    if (!(name in body) || body[name] === undefined) continue;
    if (body[name] === null) delete listing.fields[name];
    else listing.fields[name] = cloneJson(body[name]);
  }
  if (JSON.stringify(listing.fields) !== before) listing.updatedAt = env.clock.now();
  return { status: 204 };
}

/**
 * `DELETE /v1/listings/{uuid}`: a soft delete (documented); every publication becomes `DELETED`. Deleting it again
 * answers 204 too, so a retried delete is not a failure; everything else then answers 404 (G-14).
 */
export function deleteListing(env: Env, call: Call): ApiResult {
  const listing = ownListing(env, call, { withDeleted: true });
  if (listing === undefined) return listingNotFound(call.place);
  if (listing.deleted) return { status: 204 };
  listing.deleted = true;
  listing.updatedAt = env.clock.now();
  cancelPublications(env, listing);
  return { status: 204 };
}

/** `POST /v1/imprints`: 201 `{uuid}`. Only create exists (G-21). */
export function createImprint(env: Env, call: Call): ApiResult {
  const body = validated(env, call, 'imprints', 'create');
  if (isResult(body)) return body;
  const imprint = { uuid: env.state.uuid(), userId: call.principal.userId, content: cloneJson(body.content), createdAt: env.clock.now() };
  env.state.imprints.set(imprint.uuid, imprint);
  return { status: 201, body: { uuid: imprint.uuid } };
}
