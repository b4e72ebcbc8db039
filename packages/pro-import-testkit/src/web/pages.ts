/**
 * The Pro Import fake's web view: the ads per dealer as cards, the way the marketplaces show them, and a page per ad
 * with every field, the images and what became of each, and the log as a timeline. Rendered on the server from the
 * fake's own state on every request (nothing cached apart), and kept live by the view's event stream.
 */
import {
  AD_STATES,
  adminForm,
  adminPanel,
  badge,
  filterForm,
  html,
  inputField,
  ManualClock,
  pageResponse,
  pager,
  paginate,
  selectField,
  stateBadge,
  when,
  type ChangeFeed,
  type FakeRequest,
  type FakeResponse,
  type AdState,
  type Html,
} from '@x/fake-runtime';
import type { ProImportFake } from '../fake/fake.js';
import { isRecord } from '../fake/json.js';
import type { FakeState } from '../fake/state.js';
import { LOG_ACTIONS, type StoredAd } from '../fake/types.js';
import { adView } from '../fake/view.js';
import { RESOURCES } from '../generated/resources.gen.js';
import {
  displayState,
  imageResults,
  locationText,
  pricesOf,
  timeline,
  vehicleTypeOf,
  type ImageResult,
  type Prices,
} from './display.js';

/** Cards on one page of the list: enough to scan, few enough that a page of a 10,000-ad state stays light. */
export const CARDS_PER_PAGE = 48;

/** What the pages need: the fake, its change feed, and where its admin API is (when it is served). */
export type ProImportViewContext = { fake: ProImportFake; feed: ChangeFeed; admin?: string };

const FAKE_NAME = 'Pro Import fake';
const NAV = [{ href: '/', label: 'Ads' }];

/** `/ads/<dealer>/<source_id>`, each part percent-encoded (a source_id may hold `/`). */
export function adPath(ad: { dealer_code: string; source_id: string }): string {
  return `/ads/${encodeURIComponent(ad.dealer_code)}/${encodeURIComponent(ad.source_id)}`;
}

type Row = { ad: StoredAd; title: string; state: AdState; type: string };

function rowOf(state: FakeState, ad: StoredAd): Row {
  const title = adView(ad, { includeLog: false, fields: ['title'] }).title;
  return {
    ad,
    title: typeof title === 'string' ? title : '',
    state: displayState(ad, state.queues.get(state.key(ad.dealer_code, ad.source_id))),
    type: vehicleTypeOf(ad),
  };
}

function priceBlock(prices: Prices): Html {
  const main =
    prices.reduced !== undefined
      ? html`${prices.list === undefined ? null : html`<s><span class="sr-only">Was </span>${prices.list}</s> `}<span><span class="sr-only">Now </span>${prices.reduced}</span>`
      : prices.list !== undefined
        ? html`<span>${prices.list}</span>`
        : html`<span class="muted">No price</span>`;
  return html`<p class="price">${main}${prices.leasing === undefined ? null : html`<span class="leasing">Leasing ${prices.leasing}/mån</span>`}${prices.other.map(
    (line) => html`<span class="leasing">${line}</span>`,
  )}</p>`;
}

function imageNote(images: readonly ImageResult[]): Html | null {
  const failed = images.filter((image) => image.result === 'failed').length;
  if (failed === 0) return null;
  return html` ${badge(`${failed} of ${images.length} images failed`, 'bad')}`;
}

function thumb(row: Row, images: readonly ImageResult[]): Html {
  const first = images.find((image) => image.result === 'loaded');
  const label = row.title || row.ad.source_id;
  if (first !== undefined)
    return html`<img src="${first.url}" alt="${label}, first image" loading="lazy" referrerpolicy="no-referrer" data-missing="Image not reachable from this browser">`;
  const text =
    images.length === 0 ? 'No images' : images.some((image) => image.result === 'waiting') ? 'Images being processed' : 'No image could be downloaded';
  return html`<span class="placeholder">${text}</span>`;
}

function card(state: FakeState, row: Row): Html {
  const { ad } = row;
  const queued = state.queues.get(state.key(ad.dealer_code, ad.source_id));
  const images = imageResults(ad, queued);
  const id = `ad-${ad.id}`;
  return html`<li class="card" data-source-id="${ad.source_id}" data-dealer="${ad.dealer_code}" data-state="${row.state}">
<div class="thumb">${thumb(row, images)}</div>
<div class="text">
<h2><a id="${id}" href="${adPath(ad)}">${row.title || html`<span class="muted">(no title)</span>`}</a></h2>
${priceBlock(pricesOf(ad.fields.price))}
<p class="meta">${row.type} · ${locationText(ad.fields.location)}</p>
<p class="meta">Dealer ${ad.dealer_code} · ${ad.source_id}</p>
<p>${stateBadge(row.state)}${imageNote(images)}</p>
</div>
</li>`;
}

/** The list's filters, read from the query. */
type Filters = { dealer: string; type: string; state: string; visible: string; q: string; page: number };

function filtersOf(url: URL): Filters {
  const get = (name: string) => url.searchParams.get(name)?.trim() ?? '';
  const page = Number.parseInt(get('page'), 10);
  return { dealer: get('dealer'), type: get('type'), state: get('state'), visible: get('visible'), q: get('q'), page: Number.isFinite(page) && page > 0 ? page : 1 };
}

function matches(row: Row, filters: Filters): boolean {
  const { ad } = row;
  if (filters.dealer !== '' && ad.dealer_code !== filters.dealer) return false;
  if (filters.type !== '' && row.type !== filters.type) return false;
  if (filters.state !== '' && row.state !== filters.state) return false;
  if (filters.visible === 'yes' && ad.fields.visible === false) return false;
  if (filters.visible === 'no' && ad.fields.visible !== false) return false;
  if (filters.q === '') return true;
  const needle = filters.q.toLowerCase();
  const cf = isRecord(ad.fields.category_fields) ? ad.fields.category_fields : {};
  return [row.title, ad.fields.body, ad.source_id, cf.registration_number, ad.blocket_ad_id].some(
    (value) => typeof value === 'string' && value.toLowerCase().includes(needle),
  );
}

function adminOf(context: ProImportViewContext): ReturnType<typeof adminPanel> | undefined {
  const { fake, admin } = context;
  if (admin === undefined) return undefined;
  const pending = fake.pendingJobs();
  const faults = fake.faults.describe();
  const actionOptions = LOG_ACTIONS.map((action) => [action, action] as const);
  return adminPanel({
    admin,
    faults,
    otherFaults: faults.actions.map(
      (rule) => `the worker's ${rule.action} fails${rule.times === undefined ? '' : ` ${rule.times} ×`}${rule.sourceIds === undefined ? '' : ` for ${rule.sourceIds.join(', ')}`}`,
    ),
    faultPath: '/v4/car',
    clock: {
      manual: fake.clock instanceof ManualClock,
      now: fake.clock.now(),
      pending: pending === 0 ? 'No queued work' : `${pending} pieces of queued work (one per request being processed)`,
      runNow: { path: `${admin}/flush`, label: 'Run queued work now' },
    },
    extra: [
      adminForm({
        method: 'POST',
        path: `${admin}/faults/actions`,
        legend: "Fail the worker's next action",
        hint: 'The action ends in error in the log, as when Blocket cannot publish an ad.',
        fields: [
          selectField({ name: 'action', label: 'Action', options: actionOptions, value: 'publish', id: 'action-name' }),
          inputField({ name: 'sourceIds', label: 'source_ids (comma separated; empty: any ad)', id: 'action-ids', json: 'list' }),
          inputField({ name: 'times', label: 'How many times', type: 'number', value: '1', min: 1, id: 'action-times', json: 'number' }),
        ],
        submit: 'Fail action',
      }),
    ],
  });
}

function listPage(context: ProImportViewContext, request: FakeRequest, url: URL): FakeResponse {
  const state = context.fake.currentState();
  const filters = filtersOf(url);
  const all = [...state.ads.values()].map((ad) => rowOf(state, ad));
  const rows = all.filter((row) => matches(row, filters)).sort((a, b) => b.ad.updated - a.ad.updated || a.ad.source_id.localeCompare(b.ad.source_id));
  const { rows: shown, page, pages } = paginate(rows, filters.page, CARDS_PER_PAGE);
  const dealers = [...new Set(all.map((row) => row.ad.dealer_code))].sort();
  const types = Object.keys(RESOURCES).sort();
  const counts = AD_STATES.map((s) => [s, all.filter((row) => row.state === s).length] as const).filter(([, n]) => n > 0);
  const form = filterForm('Filter ads', [
    selectField({ name: 'dealer', label: 'Dealer', value: filters.dealer, options: [['', 'All dealers'], ...dealers.map((d) => [d, d] as const)] }),
    selectField({ name: 'type', label: 'Vehicle type', value: filters.type, options: [['', 'All types'], ...types.map((t) => [t, t] as const)] }),
    selectField({ name: 'state', label: 'State', value: filters.state, options: [['', 'Any state'], ...AD_STATES.map((s) => [s, s] as const)] }),
    selectField({ name: 'visible', label: 'Visible', value: filters.visible, options: [['', 'Visible or not'], ['yes', 'visible: true'], ['no', 'visible: false']] }),
    inputField({ name: 'q', label: 'Text (title, body, source_id, plate)', value: filters.q, type: 'search' }),
  ]);
  const live = html`<p class="muted" id="summary">${rows.length} of ${all.length} ads${
    counts.length === 0 ? '' : ` · ${counts.map(([s, n]) => `${n} ${s}`).join(', ')}`
  }</p>
${
  shown.length === 0
    ? html`<p class="panel">${all.length === 0 ? 'No ads yet. Create one through the API (POST /pro-import-api/v4/car, ...) and it appears here.' : 'No ad matches these filters.'}</p>`
    : html`<ul class="cards" aria-label="Ads">${shown.map((row) => card(state, row))}</ul>`
}
${pages > 1 ? pager(url, { page, pages, total: rows.length, noun: 'ads' }) : null}`;
  return pageResponse(request, { title: 'Ads', fake: FAKE_NAME, nav: NAV, main: form, live, admin: adminOf(context), feed: context.feed });
}

/** A JSON value as the ad page shows it: text as it is, anything else as compact JSON. */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** `category_fields` flattened to dotted paths (`powertrain.fuel`), as the attribute endpoints name them. */
function flatten(value: unknown, prefix = ''): Array<[string, unknown]> {
  if (!isRecord(value)) return [[prefix, value]];
  return Object.keys(value)
    .sort()
    .flatMap((key) => flatten(value[key], prefix === '' ? key : `${prefix}.${key}`));
}

const STEP_TONE = { processing: 'info', done: 'ok', error: 'bad' } as const;

function timelineHtml(ad: StoredAd, state: FakeState): Html {
  const requests = timeline(ad, state.queues.get(state.key(ad.dealer_code, ad.source_id)));
  if (requests.length === 0) return html`<p class="muted">No log entries yet.</p>`;
  return html`<ol class="timeline">${requests.map(
    (request) => html`<li>
<h3>${request.steps[0]?.action ?? request.queued[0] ?? 'request'} request <span class="request">request_id <code>${request.requestId}</code>${request.started === '' ? null : html` · ${when(request.started)}`}</span></h3>
<ol class="steps">${request.steps.map(
      (step) => html`<li><span class="action">${step.action}</span>${badge(step.state, STEP_TONE[step.state])}<span>${step.message}</span><span class="muted">${when(step.started)}${
        step.ended !== null && step.ended !== step.started ? ` → ${when(step.ended)}` : ''
      }</span></li>`,
    )}${request.queued.map((action) => html`<li><span class="action">${action}</span>${badge('queued', 'muted')}</li>`)}</ol>
</li>`,
  )}</ol>`;
}

function gallery(images: readonly ImageResult[]): Html {
  if (images.length === 0) return html`<p class="muted">The ad was sent without image_urls.</p>`;
  const tone = { loaded: 'ok', failed: 'bad', waiting: 'info' } as const;
  return html`<ol class="gallery">${images.map(
    (image) => html`<li><figure>
<div class="frame">${
      image.result === 'loaded'
        ? html`<img src="${image.url}" alt="Image ${image.index + 1}" loading="lazy" referrerpolicy="no-referrer" data-missing="Downloaded by the fake; not reachable from this browser">`
        : html`<span class="placeholder">${image.result === 'failed' ? 'Download failed' : 'Waiting for handle_media'}</span>`
    }</div>
<figcaption><span>Image ${image.index + 1} ${badge(image.result, tone[image.result])}</span><span>${image.url}</span>${
      image.reason === undefined ? null : html`<span>${image.reason}</span>`
    }${image.cdnUrl === undefined ? null : html`<span class="muted">cdn_url ${image.cdnUrl}</span>`}</figcaption>
</figure></li>`,
  )}</ol>`;
}

function adPage(context: ProImportViewContext, request: FakeRequest, dealer: string, sourceId: string): FakeResponse {
  const state = context.fake.currentState();
  const ad = state.ads.get(state.key(dealer, sourceId));
  const admin = adminOf(context);
  if (ad === undefined)
    return pageResponse(
      request,
      { title: 'Ad not found', fake: FAKE_NAME, nav: NAV, live: html`<p class="panel">Dealer ${dealer} has no ad with source_id ${sourceId} (any more: a reset forgets every ad). <a href="/">All ads</a></p>`, admin, feed: context.feed },
      404,
    );
  const row = rowOf(state, ad);
  const queued = state.queues.get(state.key(ad.dealer_code, ad.source_id));
  const view = adView(ad, { includeLog: false });
  const fields: Array<[string, unknown]> = Object.entries(view).filter(([name]) => !['category_fields', 'image_refs', 'price', 'body', 'title'].includes(name));
  const live = html`<p><a href="/">All ads</a></p>
<div class="panel">
<p>${stateBadge(row.state)} <span class="muted">${row.type} · dealer ${ad.dealer_code} · source_id ${ad.source_id}</span></p>
${priceBlock(pricesOf(ad.fields.price))}
<p class="meta">${locationText(ad.fields.location)}</p>
${typeof ad.fields.body === 'string' ? html`<p class="prose">${ad.fields.body}</p>` : null}
</div>
<h2>Images</h2>
${gallery(imageResults(ad, queued))}
<h2>Timeline</h2>
${timelineHtml(ad, state)}
<h2>Fields</h2>
<div class="panel"><dl class="fields">${fields.map(([name, value]) => html`<dt>${name}</dt><dd>${valueText(value)}</dd>`)}</dl></div>
<h2>category_fields</h2>
<table><caption class="sr-only">category_fields of the ad</caption><thead><tr><th scope="col">Attribute</th><th scope="col">Value</th></tr></thead><tbody>${flatten(view.category_fields).map(
    ([name, value]) => html`<tr><td><code>${name}</code></td><td>${valueText(value)}</td></tr>`,
  )}</tbody></table>
<details class="panel"><summary>As GET ${`/v4/ad/${ad.source_id}`} answers it (JSON)</summary><pre>${JSON.stringify(adView(ad, { includeLog: true }), null, 2)}</pre></details>`;
  return pageResponse(request, { title: row.title || ad.source_id, fake: FAKE_NAME, nav: NAV, live, admin, feed: context.feed });
}

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/**
 * The view's pages for a request, or `undefined` when the path is not one of them: `/` (the ads, filtered by the
 * query) and `/ads/<dealer>/<source_id>`.
 *
 * @example
 * const page = proImportPages({ fake, feed, admin: '/pro-import-api/__fake' }, request, new URL(request.url));
 */
export function proImportPages(context: ProImportViewContext, request: FakeRequest, url: URL): FakeResponse | undefined {
  if (url.pathname === '/') return listPage(context, request, url);
  const match = /^\/ads\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  if (match === null) return undefined;
  const dealer = decode(match[1] ?? '');
  const sourceId = decode(match[2] ?? '');
  if (dealer === undefined || sourceId === undefined) return undefined;
  return adPage(context, request, dealer, sourceId);
}
