/**
 * `--report report.html`: the report as one self-contained HTML file (no external asset; a Content-Security-Policy
 * that allows no request at all), for an operator to review a dry run before allowing deletes. The data is embedded
 * as JSON and the table shows one page of rows at a time, filtered and searched in the browser, so 10,000 ads stay a
 * page of 100 rows in the DOM.
 */
import type { PlanSummary } from '../core/types.js';

/**
 * What `--report` writes, as JSON or HTML: the run, the plan's counts and one item per ad (its action, outcome,
 * changes, messages).
 *
 * @example
 * const report: SyncReport = { marketplace: 'pro-import', dry_run: true, summary, items: [] };
 */
export type SyncReport = {
  marketplace: string;
  server?: string;
  dry_run?: boolean;
  converged?: boolean | null;
  /** The plan was refused (deletions over the threshold): why. */
  refused?: string;
  summary: PlanSummary;
  timings_ms?: { plan: number; apply: number };
  items: ReadonlyArray<Record<string, unknown>>;
};

/**
 * Whether a report file is written as HTML (by its extension: `.html`, `.htm`); anything else is JSON.
 *
 * @example
 * isHtmlReport('review.html'); // true
 */
export function isHtmlReport(file: string): boolean {
  return /\.html?$/i.test(file);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
/** `1 ad`, `1,200 ads`. */
const adsCount = (n: number): string => `${n.toLocaleString('en-US')} ${n === 1 ? 'ad' : 'ads'}`;

/** JSON inside `<script type="application/json">`: no value can end the element (`</script>`), nor a line separator break it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const ACTIONS = ['create', 'update', 'delete', 'retry', 'unchanged', 'kept', 'blocked'] as const;

/** Colours with AA contrast; the words always say it too. */
const STYLE = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #4a5360; --line: #c9ced6; --bg: #f6f7f9; --focus: #0a4fa3; }
* { box-sizing: border-box; }
body { margin: 0; padding: 1em 1.4em 3em; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 1.45em; margin: .2em 0 .4em; }
h2 { font-size: 1.15em; margin: 1.4em 0 .5em; }
a, button.link { color: #0a4fa3; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.muted { color: var(--muted); }
.note { background: #fff1d6; color: #5c3800; border: 1px solid #b7791f; border-radius: 8px; padding: .6em .9em; }
.bad { background: #fde2e2; color: #8a1116; border-color: #a3161b; }
.ok { background: #dcf5e3; color: #0b4d19; border-color: #1e7b34; }
.counts { display: flex; flex-wrap: wrap; gap: .6em; list-style: none; padding: 0; margin: 0; }
.counts li { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .4em .8em; min-width: 7.5em; }
.counts strong { display: block; font-size: 1.35em; }
.counts button { font: inherit; background: none; border: 0; padding: 0; color: #0a4fa3; text-decoration: underline; cursor: pointer; }
.filters { display: flex; flex-wrap: wrap; gap: .6em 1em; align-items: flex-end; padding: .8em; background: #fff; border: 1px solid var(--line); border-radius: 8px; margin-bottom: .8em; }
.filters label { display: flex; flex-direction: column; font-size: .85em; color: var(--muted); gap: .2em; }
.filters .check { flex-direction: row; align-items: center; gap: .4em; font-size: .95em; color: var(--fg); }
input, select, button { font: inherit; color: var(--fg); }
input[type=search], select { padding: .35em .5em; border: 1px solid #7b8494; border-radius: 5px; background: #fff; }
.pager { display: flex; flex-wrap: wrap; gap: .8em; align-items: center; margin: .6em 0; }
.pager button { padding: .35em .8em; border: 1px solid #0a4fa3; border-radius: 5px; background: #fff; color: #0a4fa3; cursor: pointer; }
.pager button:disabled { color: #5f6670; border-color: #8a919c; cursor: default; }
table { border-collapse: collapse; width: 100%; background: #fff; table-layout: fixed; }
th, td { border-bottom: 1px solid var(--line); padding: .35em .5em; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eef0f4; }
col.id { width: 17%; } col.type { width: 9%; } col.line { width: 5%; } col.action { width: 10%; } col.outcome { width: 9%; }
td ul { margin: 0; padding-left: 1.1em; }
.tag { display: inline-block; white-space: nowrap; padding: 0 .5em; border-radius: 999px; font-size: .85em; font-weight: 600; border: 1px solid currentColor; }
.t-create, .t-done { color: #0b5d1e; background: #dcf5e3; }
.t-update, .t-retry, .t-retried, .t-planned { color: #0b4a8b; background: #e1efff; }
.t-delete, .t-failed, .t-blocked, .t-invalid { color: #a3161b; background: #fde2e2; }
.t-kept, .t-unchanged { color: #3d4451; background: #eceef2; }
code { font-size: .92em; }
.change code { background: #f1f3f6; padding: 0 .2em; border-radius: 3px; }
`;

/** The page's script: filters, search and paging over the embedded items; every value is set as text, never as HTML. */
const SCRIPT = `(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var items = data.items;
  var PAGE = 100;
  var page = 1;
  var $ = function (id) { return document.getElementById(id); };
  var search = $('f-text'), action = $('f-action'), outcome = $('f-outcome'), type = $('f-type'), attention = $('f-attention');
  var body = $('rows'), status = $('shown'), prev = $('prev'), next = $('next'), pageInfo = $('page');
  var ATTENTION = { blocked: 1, failed: 1, invalid: 1, retried: 1 };

  function text(value) { return value === undefined ? '(none)' : JSON.stringify(value); }
  function haystack(item) {
    if (!item.__text) item.__text = JSON.stringify(item).toLowerCase();
    return item.__text;
  }
  function matching() {
    var q = search.value.trim().toLowerCase(), a = action.value, o = outcome.value, t = type.value, need = attention.checked;
    return items.filter(function (item) {
      if (a && item.action !== a) return false;
      if (o && item.outcome !== o) return false;
      if (t && item.vehicle_type !== t) return false;
      if (need && !ATTENTION[item.outcome] && item.action !== 'blocked') return false;
      return !q || haystack(item).indexOf(q) !== -1;
    });
  }
  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }
  function details(item) {
    var list = el('ul');
    (item.changes || []).forEach(function (change) {
      var li = el('li', 'change');
      li.appendChild(el('code', '', change.path));
      li.appendChild(document.createTextNode(': ' + text(change.from) + ' \\u2192 ' + text(change.to)));
      list.appendChild(li);
    });
    (item.messages || []).forEach(function (message) { list.appendChild(el('li', '', message)); });
    (item.errors || []).forEach(function (error) { list.appendChild(el('li', '', error.path + ': ' + error.messages.join(' '))); });
    (item.warnings || []).forEach(function (warning) { list.appendChild(el('li', 'muted', 'warning: ' + warning)); });
    if (item.note) list.appendChild(el('li', 'muted', item.note));
    if (item.request_id) list.appendChild(el('li', 'muted', 'request_id ' + item.request_id));
    if (item.attempts > 1) list.appendChild(el('li', 'muted', 'sent ' + item.attempts + ' times'));
    return list;
  }
  function render() {
    var rows = matching();
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    if (page > pages) page = pages;
    var shown = rows.slice((page - 1) * PAGE, page * PAGE);
    var fragment = document.createDocumentFragment();
    shown.forEach(function (item) {
      var tr = el('tr');
      tr.setAttribute('data-source-id', String(item.source_id));
      tr.appendChild(el('td', '', String(item.source_id)));
      tr.appendChild(el('td', '', item.vehicle_type || ''));
      tr.appendChild(el('td', '', item.line === undefined ? '' : String(item.line)));
      var a = el('td'); a.appendChild(el('span', 'tag t-' + item.action, item.action)); tr.appendChild(a);
      var o = el('td'); o.appendChild(el('span', 'tag t-' + item.outcome, item.outcome)); tr.appendChild(o);
      var d = el('td'); d.appendChild(details(item)); tr.appendChild(d);
      fragment.appendChild(tr);
    });
    body.replaceChildren(fragment);
    var from = rows.length === 0 ? 0 : (page - 1) * PAGE + 1;
    status.textContent = rows.length === 0 ? 'No ad matches these filters (of ' + items.length.toLocaleString('en-US') + ').'
      : 'Showing ' + from.toLocaleString('en-US') + '\\u2013' + (from + shown.length - 1).toLocaleString('en-US') + ' of ' + rows.length.toLocaleString('en-US') + ' matching ads (' + items.length.toLocaleString('en-US') + ' in the report).';
    pageInfo.textContent = 'Page ' + page + ' of ' + pages;
    prev.disabled = page <= 1;
    next.disabled = page >= pages;
  }
  document.querySelector('form.filters').addEventListener('submit', function (event) { event.preventDefault(); });
  var timer = null;
  function changed() { page = 1; clearTimeout(timer); timer = setTimeout(render, 120); }
  search.addEventListener('input', changed);
  [action, outcome, type, attention].forEach(function (input) { input.addEventListener('change', function () { page = 1; render(); }); });
  prev.addEventListener('click', function () { page -= 1; render(); $('table-heading').focus(); });
  next.addEventListener('click', function () { page += 1; render(); $('table-heading').focus(); });
  Array.prototype.forEach.call(document.querySelectorAll('[data-filter]'), function (button) {
    button.addEventListener('click', function () {
      var parts = button.getAttribute('data-filter').split('=');
      action.value = parts[0] === 'action' ? parts[1] : '';
      outcome.value = parts[0] === 'outcome' ? parts[1] : '';
      attention.checked = false;
      page = 1;
      render();
      $('table-heading').focus();
    });
  });
  render();
})();
`;

function countList(counts: ReadonlyArray<readonly [string, number]>, filter: 'action' | 'outcome'): string {
  return `<ul class="counts">${counts
    .map(
      ([name, n]) =>
        `<li><strong>${n.toLocaleString('en-US')}</strong>${n > 0 ? `<button type="button" data-filter="${filter}=${escape(name)}">${escape(name)}</button>` : escape(name)}</li>`,
    )
    .join('')}</ul>`;
}

function options(values: readonly string[], any: string): string {
  return [`<option value="">${escape(any)}</option>`, ...values.map((v) => `<option value="${escape(v)}">${escape(v)}</option>`)].join('');
}

/**
 * The report as one HTML document: what ran (marketplace, server, dry run or not, converged), the plan's counts per
 * action and the outcomes per kind (each a link that filters the table), what needs attention (blocked with the
 * reason and what to do, failed), and a table of every ad with its changes (`field: from → to`), messages and
 * warnings, filtered by action, outcome, vehicle type and text, 100 rows a page.
 *
 * @example
 * writeFileSync('report.html', renderHtmlReport(report));
 */
export function renderHtmlReport(report: SyncReport): string {
  const outcomes = new Map<string, number>();
  const types = new Set<string>();
  for (const item of report.items) {
    const outcome = String(item.outcome ?? '');
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    if (typeof item.vehicle_type === 'string') types.add(item.vehicle_type);
  }
  const attention = report.items.filter((item) => ['blocked', 'failed', 'invalid', 'retried'].includes(String(item.outcome)) || item.action === 'blocked').length;
  const title = `${report.dry_run === true ? 'Dry run' : 'Sync'} report: ${report.marketplace}`;
  const verdict =
    report.refused !== undefined
      ? `<p class="note bad" role="alert">The plan was refused, nothing was sent: ${escape(report.refused)}</p>`
      : report.dry_run === true
        ? `<p class="note">Dry run: nothing was sent. This is what the sync would do.${report.summary.delete > 0 ? ` It would delete ${adsCount(report.summary.delete)}: review them before allowing deletes.` : ''}</p>`
        : report.converged === true
          ? '<p class="note ok">Converged: every ad is as the feed says, and seen as it should be.</p>'
          : '<p class="note bad">Not converged: some ads failed, are blocked or were retried and not yet seen (below).</p>';
  const planCounts = ACTIONS.map((a) => [a, report.summary[a] ?? 0] as const);
  const outcomeCounts = [...outcomes.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escape(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escape(title)}</h1>
<p class="muted">${report.server === undefined ? '' : `Server ${escape(report.server)} · `}${report.items.length.toLocaleString('en-US')} ads in the report · ${report.summary.live.toLocaleString('en-US')} live on the marketplace before the run${
    report.timings_ms === undefined ? '' : ` · plan ${report.timings_ms.plan.toLocaleString('en-US')} ms, apply ${report.timings_ms.apply.toLocaleString('en-US')} ms`
  }</p>
${verdict}
<h2>Plan</h2>
${countList(planCounts, 'action')}
<h2>Outcomes</h2>
${countList(outcomeCounts, 'outcome')}
${attention > 0 ? `<p class="note">${adsCount(attention)} ${attention === 1 ? 'needs' : 'need'} attention (blocked, failed, invalid or retried): tick “Needs attention” below.</p>` : ''}
<h2 id="table-heading" tabindex="-1">Ads</h2>
<form class="filters" role="search" aria-label="Filter the ads">
<label for="f-text">Text (source_id, field, message)<input id="f-text" type="search" autocomplete="off"></label>
<label for="f-action">Action<select id="f-action">${options(ACTIONS, 'Any action')}</select></label>
<label for="f-outcome">Outcome<select id="f-outcome">${options(outcomeCounts.map(([o]) => o), 'Any outcome')}</select></label>
<label for="f-type">Vehicle type<select id="f-type">${options([...types].sort(), 'Any type')}</select></label>
<label class="check" for="f-attention"><input id="f-attention" type="checkbox"> Needs attention</label>
</form>
<p id="shown" role="status" aria-live="polite"></p>
<table>
<caption class="muted">Every ad of the run: what was planned (action), what happened (outcome), and the details: changed fields as <code>field: from → to</code>, why an ad is blocked and what to do, the server's messages.</caption>
<colgroup><col class="id"><col class="type"><col class="line"><col class="action"><col class="outcome"><col></colgroup>
<thead><tr><th scope="col">source_id</th><th scope="col">Type</th><th scope="col">Line</th><th scope="col">Action</th><th scope="col">Outcome</th><th scope="col">Details</th></tr></thead>
<tbody id="rows"></tbody>
</table>
<nav class="pager" aria-label="Pages of the table"><button type="button" id="prev">Previous page</button><span id="page"></span><button type="button" id="next">Next page</button></nav>
<noscript><p class="note">The table needs JavaScript; the same data is in this file as JSON (the report-data element) and in a --report file ending in .json.</p></noscript>
</main>
<script type="application/json" id="report-data">${scriptJson({ items: report.items })}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
