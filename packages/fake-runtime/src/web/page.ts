import type { FakeRequest, FakeResponse } from '../http/types.js';
import { html, type Html, type HtmlValue } from './html.js';
import type { AdminPanel } from './admin-panel.js';
import type { ChangeFeed } from './live.js';

/** Where the views' own routes live on a fake's port: assets and the event stream. */
export const VIEW_PATH = '/__view';

/**
 * What every page of a fake's web view answers with: no caching, no framing (so no other site can put the admin
 * controls under a visitor's click), no inline script or style, images from anywhere (ads point at their own CDNs).
 */
const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src * data: blob:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

/**
 * An HTML answer with the view's security headers.
 *
 * @example
 * return htmlResponse(200, html`<!doctype html><title>Hello</title>`);
 */
export function htmlResponse(status: number, body: Html, headers: Record<string, string> = {}): FakeResponse<string> {
  return { status, headers: { ...PAGE_HEADERS, ...headers }, body: body.text };
}

/**
 * Options of `renderPage`.
 *
 * @example
 * const page: PageOptions = { title: 'Ads', fake: 'Pro Import fake', nav: [{ href: '/', label: 'Ads' }], main: html`...`, live: html`...` };
 */
export type PageOptions = {
  /** The document's title (also the page's `<h1>`). */
  title: string;
  /** The fake's name, shown in the header (`Pro Import fake`). */
  fake: string;
  nav: ReadonlyArray<{ href: string; label: string }>;
  /** Above the live part: filters, breadcrumbs; kept as it is while the live part is replaced. */
  main?: HtmlValue;
  /** The part that follows the state: replaced in place, without reloading the page, when the fake changes. */
  live: Html;
  /** The admin controls (`adminPanel`), only where the admin API is served. */
  admin?: AdminPanel;
  feed: ChangeFeed;
};

/**
 * Whether a page request only wants the live part (the view's script asks with `x-view-fragment: 1`).
 *
 * @example
 * return pageResponse(request, { title, fake, nav, live, feed });
 */
export function wantsFragment(request: FakeRequest): boolean {
  return request.header('x-view-fragment') === '1';
}

/**
 * A whole page of a fake's web view (header, navigation, main, the admin aside, the live status line), or only its
 * live part when the view's script asks for it: one renderer for both, so a live update shows exactly what a reload
 * would.
 *
 * @example
 * return pageResponse(request, { title: 'Ads', fake: 'Pro Import fake', nav, live: html`<ul class="cards">...</ul>`, feed });
 */
export function pageResponse(request: FakeRequest, page: PageOptions, status = 200): FakeResponse<string> {
  const revision = page.feed.revision;
  if (wantsFragment(request))
    return htmlResponse(
      status,
      html`<template data-part="live">${page.live}</template>${
        page.admin === undefined ? null : html`<template data-part="admin-live">${page.admin.status}</template>`
      }`,
      { 'x-view-revision': revision },
    );
  const nav = page.nav.map((item) => html`<li><a href="${item.href}">${item.label}</a></li>`);
  return htmlResponse(
    status,
    html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · ${page.fake}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${VIEW_PATH}/view.css">
<script src="${VIEW_PATH}/view.js" defer></script>
</head>
<body data-live="${VIEW_PATH}/events" data-revision="${revision}">
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<span class="brand">${page.fake}</span>
<nav aria-label="Views"><ul>${nav}</ul></nav>
<span class="muted sr-only">Updates live while the fake changes.</span>
</header>
<div class="layout">
<main id="main" tabindex="-1">
<h1>${page.title}</h1>
${page.main}
<div id="live">${page.live}</div>
<p id="live-status" class="status muted" role="status" aria-live="polite"></p>
</main>
${
  page.admin === undefined
    ? null
    : html`<aside class="admin" aria-labelledby="admin-heading"><h2 id="admin-heading">Admin controls</h2>
<div class="panel"><div id="admin-live">${page.admin.status}</div>${page.admin.controls}</div></aside>`
}
</div>
</body>
</html>
`,
  );
}

/**
 * What both fakes' views say about an ad or a listing: what the marketplace shows of it now.
 *
 * @example
 * const state: AdState = 'published';
 */
export type AdState = 'processing' | 'published' | 'hidden' | 'deleted' | 'failed' | 'not published';

/**
 * Every `AdState`, in the order the views' filters offer them.
 *
 * @example
 * selectField({ name: 'state', label: 'State', options: AD_STATES.map((s) => [s, s] as const) });
 */
export const AD_STATES: readonly AdState[] = ['processing', 'published', 'hidden', 'deleted', 'failed', 'not published'];

const STATE_TONE: Record<AdState, 'ok' | 'warn' | 'bad' | 'info' | 'muted'> = {
  processing: 'info',
  published: 'ok',
  hidden: 'muted',
  deleted: 'muted',
  failed: 'bad',
  'not published': 'warn',
};

/**
 * The badge of an `AdState`, in the same colours in both fakes' views.
 *
 * @example
 * stateBadge('failed'); // <span class="badge tone-bad">failed</span>
 */
export function stateBadge(state: AdState): Html {
  return badge(state, STATE_TONE[state]);
}

/**
 * A labelled badge: `tone` picks its colours (all with AA contrast), the text always says it too.
 *
 * @example
 * badge('published', 'ok');
 */
export function badge(label: string, tone: 'ok' | 'warn' | 'bad' | 'info' | 'muted'): Html {
  return html`<span class="badge tone-${tone}">${label}</span>`;
}

/**
 * A `<select>` with its label; `value` is selected.
 *
 * @example
 * selectField({ name: 'state', label: 'State', value: 'published', options: [['', 'Any'], ['published', 'Published']] });
 */
export function selectField(field: {
  name: string;
  label: string;
  value?: string;
  options: ReadonlyArray<readonly [value: string, label: string]>;
  id?: string;
  json?: 'number' | 'boolean';
}): Html {
  const id = field.id ?? `f-${field.name}`;
  const options = field.options.map(
    ([value, label]) => html`<option value="${value}"${value === (field.value ?? '') ? html` selected` : null}>${label}</option>`,
  );
  return html`<label for="${id}">${field.label}<select id="${id}" name="${field.name}"${field.json === undefined ? null : html` data-json="${field.json}"`}>${options}</select></label>`;
}

/**
 * An `<input>` with its label.
 *
 * @example
 * inputField({ name: 'q', label: 'Text', value: 'volvo', type: 'search' });
 */
export function inputField(field: {
  name: string;
  label: string;
  value?: string;
  type?: 'text' | 'search' | 'number';
  id?: string;
  placeholder?: string;
  json?: 'number' | 'list';
  min?: number;
  required?: boolean;
}): Html {
  const id = field.id ?? `f-${field.name}`;
  return html`<label for="${id}">${field.label}<input id="${id}" name="${field.name}" type="${field.type ?? 'text'}" value="${field.value ?? ''}"${
    field.placeholder === undefined ? null : html` placeholder="${field.placeholder}"`
  }${field.json === undefined ? null : html` data-json="${field.json}"`}${field.min === undefined ? null : html` min="${field.min}"`}${
    field.required === true ? html` required` : null
  }></label>`;
}

/**
 * The filters above a list: a GET form (so a filtered view is a link to share), applied with its button.
 *
 * @example
 * filterForm('Filter ads', [selectField({ ... }), inputField({ name: 'q', label: 'Text', type: 'search' })]);
 */
export function filterForm(label: string, fields: HtmlValue): Html {
  return html`<form class="filters" method="get" action="" role="search" aria-label="${label}">
${fields}
<button type="submit">Apply</button>
<a href="?">Clear</a>
</form>`;
}

/**
 * One page of a list: its rows, the page number (kept within the pages there are) and the number of pages.
 *
 * @example
 * const { rows, page, pages } = paginate(matching, Number(url.searchParams.get('page')), 48);
 */
export function paginate<T>(all: readonly T[], requested: number, perPage: number): { rows: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(all.length / perPage));
  const page = Math.min(Number.isInteger(requested) && requested > 0 ? requested : 1, pages);
  return { rows: all.slice((page - 1) * perPage, page * perPage), page, pages };
}

/**
 * Previous/next links of a paged list, keeping the other query parameters.
 *
 * @example
 * pager(url, { page: 2, pages: 5, total: 230 });
 */
export function pager(url: URL, at: { page: number; pages: number; total: number; noun: string }): Html {
  const link = (page: number, label: string, rel: string) => {
    const target = new URL(url.href);
    target.searchParams.set('page', String(page));
    return html`<a href="${target.pathname}${target.search}" rel="${rel}">${label}</a>`;
  };
  return html`<nav class="pager" aria-label="Pages">
${at.page > 1 ? link(at.page - 1, 'Previous page', 'prev') : null}
<span>Page ${at.page} of ${Math.max(1, at.pages)} · ${at.total} ${at.noun}</span>
${at.page < at.pages ? link(at.page + 1, 'Next page', 'next') : null}
</nav>`;
}

/**
 * A moment as the views show it: `2025-01-01 12:00:00 UTC` (the fake's clock, which may be a manual one).
 *
 * @example
 * when(Date.parse('2025-01-01T12:00:00Z')); // '2025-01-01 12:00:00 UTC'
 */
export function when(ms: number | string): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return String(ms);
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
