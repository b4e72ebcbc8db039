import { estimateJsonBytes, isRecord, quotaOf, type QuotaItem, type TenantQuota } from '@x/fake-runtime';
import type { KleinanzeigenFake } from '../fake/fake.js';

/** The quota key of a presigned upload's image: by its ticket, so a retried PUT replaces it. */
export const imageKey = (ticketUuid: string) => `image:${ticketUuid}`;

/** Everything an account stores, measured from a snapshot: listings, imprints, publications and uploaded images. */
function* storedItems(fake: KleinanzeigenFake): Generator<QuotaItem> {
  const state = fake.snapshot();
  for (const listing of state.listings) yield { tenant: listing.userId, key: `listing:${listing.uuid}`, bytes: estimateJsonBytes(listing) };
  for (const imprint of state.imprints) yield { tenant: imprint.userId, key: `imprint:${imprint.uuid}`, bytes: estimateJsonBytes(imprint) };
  for (const publication of state.publications)
    yield { tenant: publication.userId, key: `publication:${publication.uuid}`, bytes: estimateJsonBytes(publication) };
  const images = new Map(state.images.map((image) => [image.id, image.base64.length]));
  for (const ticket of state.tickets)
    yield { tenant: ticket.userId, key: imageKey(ticket.uuid), bytes: ticket.imageId === null ? 0 : (images.get(ticket.imageId) ?? 0) };
}

/**
 * The storage quota of a fake's accounts (`HandlerOptions.quotaBytes`): measured from the snapshot the first time and
 * whenever a refusal is due, kept up to date by the writes in between.
 */
export function accountQuota(fake: KleinanzeigenFake): TenantQuota {
  return quotaOf(fake, () => storedItems(fake));
}

/** Operations that store something for the caller, and the key it is stored under before the answer names it. */
const STORING = new Set(['createlisting', 'updatelisting', 'createimprint', 'createpublication', 'updatepublication', 'requestticket']);

let provisional = 0;

/** A goods write that stores something for `tenant` (the caller), or `undefined` for one that stores nothing. */
export function plannedWrite(
  operation: string,
  request: { tenant: string; params: Record<string, string>; bytes: number },
): { tenant: string; key: string; bytes: number; mode: 'replace' } | undefined {
  if (!STORING.has(operation)) return undefined;
  const key =
    operation === 'updatelisting'
      ? `listing:${request.params.uuid ?? ''}`
      : operation === 'updatepublication'
        ? `publication:${request.params.publicationUuid ?? ''}`
        : `new:${(provisional += 1)}`;
  return { tenant: request.tenant, key, bytes: request.bytes, mode: 'replace' };
}

/** The key a created item is stored under, from the fake's answer (`{"uuid"}`, `{"ticketUuid"}`). */
export function createdKey(operation: string, body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  if (operation === 'requestticket' && typeof body.ticketUuid === 'string') return imageKey(body.ticketUuid);
  if (typeof body.uuid !== 'string') return undefined;
  if (operation === 'createlisting') return `listing:${body.uuid}`;
  if (operation === 'createimprint') return `imprint:${body.uuid}`;
  if (operation === 'createpublication') return `publication:${body.uuid}`;
  return undefined;
}
