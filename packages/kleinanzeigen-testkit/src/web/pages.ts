/**
 * The Kleinanzeigen fake's web view: the listings per account as cards (title, price, cover image, location, the
 * state of their publications), and a page per listing with every field, its media and its publications with their
 * states. Rendered on the server from the fake's own state on every request, and kept live by the view's events.
 */
import {
  AD_STATES,
  adminForm,
  adminPanel,
  badge,
  filterForm,
  html,
  inputField,
  isRecord,
  ManualClock,
  pageResponse,
  pager,
  paginate,
  selectField,
  stateBadge,
  when,
  type AdState,
  type ChangeFeed,
  type FakeRequest,
  type FakeResponse,
  type Html,
} from '@x/fake-runtime';
import type { KleinanzeigenFake } from '../fake/fake.js';
import { listingView } from '../fake/listings.js';
import { IMAGE_PATH } from '../fake/media.js';
import type { FakeState } from '../fake/state.js';
import type { PublicationStatus, StoredListing, StoredPublication } from '../fake/types.js';

/** Cards on one page of the list. */
export const LISTINGS_PER_PAGE = 48;

/** What the pages need: the fake, its change feed, and where its admin API is (when it is served). */
export type KleinanzeigenViewContext = { fake: KleinanzeigenFake; feed: ChangeFeed; admin?: string };

const FAKE_NAME = 'Kleinanzeigen fake';
const NAV = [{ href: '/', label: 'Listings' }];

const PUBLICATION_STATE: Record<PublicationStatus, AdState> = {
  PENDING: 'processing',
  PUBLISHED: 'published',
  PAUSED: 'hidden',
  REJECTED: 'failed',
  DELETED: 'deleted',
};

/**
 * What buyers see of a listing: `deleted` once it is deleted; else its publications decide, the liveliest first
 * (one being validated: `processing`; one published: `published`; rejected: `failed`; paused: `hidden`); without a
 * publication that is not deleted, `not published`.
 */
export function listingState(listing: StoredListing, publications: readonly StoredPublication[]): AdState {
  if (listing.deleted) return 'deleted';
  const states = new Set(publications.filter((p) => p.status !== 'DELETED').map((p) => PUBLICATION_STATE[p.status]));
  for (const state of ['processing', 'published', 'failed', 'hidden'] as const) if (states.has(state)) return state;
  return 'not published';
}

/** A price as the German marketplace writes it (`1.250 €`), with its type when it is not a fixed price. */
export function priceText(price: unknown): string {
  if (!isRecord(price) || typeof price.amount !== 'number') return 'No price';
  const amount = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR', maximumFractionDigits: 2, minimumFractionDigits: 0 }).format(price.amount);
  return price.type === 'FIXED' || price.type === undefined ? amount : `${amount} (${String(price.type)})`;
}

function locationOf(publications: readonly StoredPublication[]): string {
  const location = publications.find((p) => p.location !== null)?.location;
  if (location === undefined || location === null) return 'No location yet (a publication brings one)';
  const place = [location.zipCode, location.city].filter((part) => typeof part === 'string' && part !== '').join(' ');
  if (place !== '') return place;
  return location.latitude === null ? 'No location' : `${String(location.latitude)}, ${String(location.longitude)}`;
}

/** Whether a listing's image URL names an image the fake's storage holds (`loaded`), or not (`missing`). */
function imageStored(state: FakeState, url: string): boolean {
  try {
    const path = new URL(url).pathname;
    return path.startsWith(IMAGE_PATH) && state.images.has(path.slice(IMAGE_PATH.length).replace(/\.(jpg|png)$/, ''));
  } catch {
    return false;
  }
}

type Row = { listing: StoredListing; publications: readonly StoredPublication[]; state: AdState; title: string };

function rowOf(state: FakeState, listing: StoredListing): Row {
  const publications = state.publicationsOf(listing.uuid);
  const title = typeof listing.fields.title === 'string' ? listing.fields.title : '';
  return { listing, publications, state: listingState(listing, publications), title };
}

function accountName(fake: KleinanzeigenFake, userId: string): string {
  const client = fake.clients().find((c) => c.userId === userId);
  return client === undefined ? userId : `${client.clientId} (${userId})`;
}

function card(context: KleinanzeigenViewContext, state: FakeState, row: Row): Html {
  const { listing } = row;
  const cover = listing.urls[0];
  const thumb =
    cover !== undefined && imageStored(state, cover)
      ? html`<img src="${cover}" alt="${row.title || 'Listing'}, cover image" loading="lazy" data-missing="Image not reachable">`
      : html`<span class="placeholder">${listing.urls.length === 0 ? 'No images' : 'Cover image not in the storage'}</span>`;
  return html`<li class="card" data-uuid="${listing.uuid}" data-state="${row.state}">
<div class="thumb">${thumb}</div>
<div class="text">
<h2><a id="listing-${listing.uuid}" href="/listings/${encodeURIComponent(listing.uuid)}">${row.title || html`<span class="muted">(no title)</span>`}</a></h2>
<p class="price">${priceText(listing.fields.price)}</p>
<p class="meta">${locationOf(row.publications)}</p>
<p class="meta">${accountName(context.fake, listing.userId)}${typeof listing.fields.customReference === 'string' ? ` · ${listing.fields.customReference}` : ''}</p>
<p>${stateBadge(row.state)} <span class="meta">${row.publications.length} publication${row.publications.length === 1 ? '' : 's'} · ${listing.urls.length} image${listing.urls.length === 1 ? '' : 's'}</span></p>
</div>
</li>`;
}

function adminOf(context: KleinanzeigenViewContext): ReturnType<typeof adminPanel> | undefined {
  const { fake, admin } = context;
  if (admin === undefined) return undefined;
  const faults = fake.faults.describe();
  const pending = fake.pendingValidations();
  return adminPanel({
    admin,
    faults,
    otherFaults: faults.rejections.map(
      (rule) => `the next ${rule.times ?? 1} validations${rule.listingUuid === undefined ? '' : ` of listing ${rule.listingUuid}`} end REJECTED${rule.reason === undefined ? '' : `: ${rule.reason}`}`,
    ),
    faultPath: '/v1/listings',
    clock: {
      manual: fake.clock instanceof ManualClock,
      now: fake.clock.now(),
      pending: pending === 0 ? 'No publication is being validated' : `${pending} publication${pending === 1 ? ' is' : 's are'} being validated`,
      runNow: { path: `${admin}/validations/run`, label: 'End validations now' },
    },
    extra: [
      adminForm({
        method: 'POST',
        path: `${admin}/faults/rejections`,
        legend: 'Reject the next validation',
        hint: 'The publication ends REJECTED with this reason, as when moderation refuses a listing.',
        fields: [
          inputField({ name: 'listingUuid', label: 'Listing uuid (empty: any listing)', id: 'reject-listing' }),
          inputField({ name: 'reason', label: 'Reason', placeholder: 'Prohibited item', id: 'reject-reason' }),
          inputField({ name: 'times', label: 'How many validations', type: 'number', value: '1', min: 1, id: 'reject-times', json: 'number' }),
        ],
        submit: 'Reject next validation',
      }),
    ],
  });
}

function listPage(context: KleinanzeigenViewContext, request: FakeRequest, url: URL): FakeResponse {
  const state = context.fake.currentState();
  const get = (name: string) => url.searchParams.get(name)?.trim() ?? '';
  const filters = { account: get('account'), state: get('state'), q: get('q').toLowerCase() };
  const all = [...state.listings.values()].map((listing) => rowOf(state, listing));
  const rows = all
    .filter(
      (row) =>
        (filters.account === '' || row.listing.userId === filters.account) &&
        (filters.state === '' || row.state === filters.state) &&
        (filters.q === '' ||
          [row.title, row.listing.fields.description, row.listing.fields.customReference, row.listing.uuid].some(
            (value) => typeof value === 'string' && value.toLowerCase().includes(filters.q),
          )),
    )
    .sort((a, b) => b.listing.updatedAt - a.listing.updatedAt || a.listing.uuid.localeCompare(b.listing.uuid));
  const { rows: shown, page, pages } = paginate(rows, Number.parseInt(get('page'), 10), LISTINGS_PER_PAGE);
  const accounts = [...new Set([...context.fake.clients().map((c) => c.userId), ...all.map((row) => row.listing.userId)])].sort();
  const form = filterForm('Filter listings', [
    selectField({ name: 'account', label: 'Account', value: filters.account, options: [['', 'All accounts'], ...accounts.map((a) => [a, accountName(context.fake, a)] as const)] }),
    selectField({ name: 'state', label: 'State', value: filters.state, options: [['', 'Any state'], ...AD_STATES.map((s) => [s, s] as const)] }),
    inputField({ name: 'q', label: 'Text (title, description, reference)', value: get('q'), type: 'search' }),
  ]);
  const live = html`<p class="muted" id="summary">${rows.length} of ${all.length} listings</p>
${
  shown.length === 0
    ? html`<p class="panel">${all.length === 0 ? 'No listings yet. Create one through the API (POST /api/goods/v1/listings) and it appears here.' : 'No listing matches these filters.'}</p>`
    : html`<ul class="cards" aria-label="Listings">${shown.map((row) => card(context, state, row))}</ul>`
}
${pages > 1 ? pager(url, { page, pages, total: rows.length, noun: 'listings' }) : null}`;
  return pageResponse(request, { title: 'Listings', fake: FAKE_NAME, nav: NAV, main: form, live, admin: adminOf(context), feed: context.feed });
}

const valueText = (value: unknown): string => (value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

function publicationsTable(context: KleinanzeigenViewContext, row: Row): Html {
  if (row.publications.length === 0) return html`<p class="muted">No publication yet: the listing is not on the marketplace (POST /v1/listings/{uuid}/publications publishes it).</p>`;
  return html`<table>
<caption class="sr-only">Publications of the listing</caption>
<thead><tr><th scope="col">Publication</th><th scope="col">Status</th><th scope="col">Reason</th><th scope="col">Ad id</th><th scope="col">Location</th><th scope="col">Updated</th></tr></thead>
<tbody>${row.publications.map((publication) => {
    const view = context.fake.getPublication(publication.uuid) ?? {};
    const validating = publication.validation === null ? null : html`<br><span class="muted">validating until ${when(publication.validation.dueAt)}, then ${publication.validation.requestedState}</span>`;
    return html`<tr data-publication="${publication.uuid}">
<td><code>${publication.uuid}</code><br><span class="muted">imprint ${publication.imprintUuid}</span></td>
<td>${badge(publication.status, publication.status === 'PUBLISHED' ? 'ok' : publication.status === 'REJECTED' ? 'bad' : publication.status === 'PENDING' ? 'info' : 'muted')}${validating}${
      view.pendingChanges === true ? html`<br><span class="muted">changes waiting for a republish</span>` : null
    }</td>
<td>${publication.statusReason ?? '—'}</td>
<td>${publication.adId ?? '—'}</td>
<td>${publication.location === null ? '—' : [publication.location.zipCode, publication.location.city].filter((p) => p !== null && p !== undefined).join(' ') || '—'}</td>
<td>${when(publication.updatedAt)}<br><span class="muted">created ${when(publication.createdAt)}</span></td>
</tr>`;
  })}</tbody></table>`;
}

function gallery(state: FakeState, listing: StoredListing): Html {
  if (listing.urls.length === 0) return html`<p class="muted">No images attached (tickets, upload and attach add them).</p>`;
  return html`<ol class="gallery">${listing.urls.map((url, index) => {
    const stored = imageStored(state, url);
    return html`<li><figure>
<div class="frame">${stored ? html`<img src="${url}" alt="Image ${index + 1}${index === 0 ? ' (cover)' : ''}" loading="lazy" data-missing="Image not reachable">` : html`<span class="placeholder">Not in the storage</span>`}</div>
<figcaption><span>Image ${index + 1}${index === 0 ? ' · cover' : ''} ${badge(stored ? 'stored' : 'missing', stored ? 'ok' : 'bad')}</span><span>${url}</span></figcaption>
</figure></li>`;
  })}</ol>`;
}

function listingPage(context: KleinanzeigenViewContext, request: FakeRequest, uuid: string): FakeResponse {
  const state = context.fake.currentState();
  const listing = state.listings.get(uuid);
  const admin = adminOf(context);
  if (listing === undefined)
    return pageResponse(request, { title: 'Listing not found', fake: FAKE_NAME, nav: NAV, live: html`<p class="panel">No listing ${uuid} (a reset forgets every listing). <a href="/">All listings</a></p>`, admin, feed: context.feed }, 404);
  const row = rowOf(state, listing);
  const view = listingView(listing);
  const live = html`<p><a href="/">All listings</a></p>
<div class="panel">
<p>${stateBadge(row.state)} <span class="muted">${accountName(context.fake, listing.userId)} · listing ${listing.uuid}${listing.deleted ? ' · deleted' : ''}</span></p>
<p class="price">${priceText(listing.fields.price)}</p>
<p class="meta">${locationOf(row.publications)}</p>
${typeof listing.fields.description === 'string' ? html`<p class="prose">${listing.fields.description}</p>` : null}
</div>
<h2>Media</h2>
${gallery(state, listing)}
<h2>Publications</h2>
${publicationsTable(context, row)}
<h2>Fields</h2>
<div class="panel"><dl class="fields">${Object.entries(view)
    .filter(([name]) => name !== 'urls' && name !== 'description')
    .map(([name, value]) => html`<dt>${name}</dt><dd>${valueText(value)}</dd>`)}<dt>createdAt</dt><dd>${when(listing.createdAt)}</dd><dt>updatedAt</dt><dd>${when(listing.updatedAt)}</dd></dl></div>
<details class="panel"><summary>As GET /v1/listings/${listing.uuid} answers it (JSON)</summary><pre>${JSON.stringify(view, null, 2)}</pre></details>`;
  return pageResponse(request, { title: row.title || `Listing ${listing.uuid}`, fake: FAKE_NAME, nav: NAV, live, admin, feed: context.feed });
}

/**
 * The view's pages for a request, or `undefined` when the path is not one of them: `/` (the listings, filtered by
 * the query) and `/listings/<uuid>`.
 *
 * @example
 * const page = kleinanzeigenPages({ fake, feed, admin: '/__fake' }, request, new URL(request.url));
 */
export function kleinanzeigenPages(context: KleinanzeigenViewContext, request: FakeRequest, url: URL): FakeResponse | undefined {
  if (url.pathname === '/') return listPage(context, request, url);
  const match = /^\/listings\/([^/]+)$/.exec(url.pathname);
  if (match === null) return undefined;
  let uuid: string;
  try {
    uuid = decodeURIComponent(match[1] ?? '');
  } catch {
    return undefined;
  }
  return listingPage(context, request, uuid);
}
