import { isObject } from '../core/diff.js';
import type { Outcome } from '../core/types.js';

/** A publication as `GET /v1/listings/{uuid}/publications` lists it (the fields the sync reads). */
export type PublicationView = { uuid: string; imprintUuid: string; status: string; statusReason: string | null; pendingChanges: boolean };

export function publicationsOf(value: unknown): PublicationView[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).flatMap((p) =>
    typeof p.uuid === 'string' && typeof p.status === 'string'
      ? [{ uuid: p.uuid, imprintUuid: String(p.imprintUuid ?? ''), status: p.status, statusReason: typeof p.statusReason === 'string' ? p.statusReason : null, pendingChanges: p.pendingChanges === true }]
      : [],
  );
}

const NO_IMPRINT_TODO = 'pass --imprint-uuid (or set KLEINANZEIGEN_IMPRINT_UUID) and run again: the next run publishes it';

/**
 * How buyers see a listing, from its publications: "the ad becomes visible once the publication is validated", under
 * the configured imprint, in the state the feed wants (`PUBLISHED`, or `PAUSED` / none for `visible: false`). Edits
 * reach the public ad only with a republish ("Go live: image changes reach the web only after a republish"), so a
 * publication with `pendingChanges` is not yet what the feed says. The statuses are the reconstruction's (G-13).
 * Answers the outcome and the publication under the imprint, if there is one.
 *
 * @example
 * publicationOutcome([], 'imprint-1', true); // { outcome: { state: 'failed', reason: 'not published under imprint imprint-1' } }
 */
export function publicationOutcome(publications: readonly PublicationView[], imprintUuid: string | undefined, visible: boolean): { outcome: Outcome; publication?: PublicationView } {
  if (imprintUuid === undefined) {
    if (!visible || publications.some((p) => p.status === 'PUBLISHED' || p.status === 'PENDING')) return { outcome: { state: 'ok' } };
    return { outcome: { state: 'blocked', reason: 'it is not published: no imprint is configured', todo: NO_IMPRINT_TODO } };
  }
  const publication = publications.find((p) => p.imprintUuid === imprintUuid);
  if (publication === undefined) {
    return { outcome: visible ? { state: 'failed', reason: `it is not published under imprint ${imprintUuid}` } : { state: 'ok' } };
  }
  const outcome = ((): Outcome => {
    switch (publication.status) {
      case 'PENDING':
        return { state: 'pending', note: 'its publication is being validated' };
      case 'PUBLISHED':
        if (!visible) return { state: 'failed', reason: 'it is published, and the feed says visible: false' };
        return publication.pendingChanges ? { state: 'failed', reason: 'its last changes are not live (the publication was not republished)' } : { state: 'ok' };
      case 'PAUSED':
        return visible ? { state: 'failed', reason: 'its publication is paused' } : { state: 'ok' };
      case 'REJECTED':
        if (!visible) return { state: 'ok' };
        if (publication.pendingChanges) return { state: 'failed', reason: `its publication was rejected (${publication.statusReason ?? 'no reason given'}) and the listing changed since` };
        return { state: 'blocked', reason: `Kleinanzeigen rejected its publication: ${publication.statusReason ?? 'no reason given'}`, todo: 'fix the ad in the feed: the next run sends the change and republishes it' };
      default:
        return visible
          ? { state: 'blocked', reason: `its publication under imprint ${imprintUuid} is ${publication.status} and cannot be published again`, todo: 'delete the listing on Kleinanzeigen; the next run creates it again' }
          : { state: 'ok' };
    }
  })();
  return { outcome, publication };
}
