/**
 * The web views' one stylesheet and one script, served by the fake itself (`/__view/view.css`, `/__view/view.js`):
 * no build step, no CDN, nothing fetched from elsewhere, so a view works without network access and under a strict
 * Content-Security-Policy (no inline script or style).
 */
import type { FakeResponse } from '../http/types.js';

/**
 * Colours are chosen for WCAG AA contrast (4.5:1 and better for text, 3:1 for borders that carry meaning): dark text
 * on light tints for badges, a visible focus ring everywhere.
 */
export const VIEW_CSS = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #4a5360; --line: #c9ced6; --bg: #f6f7f9; --card: #fff; --link: #0a4fa3; --focus: #0a4fa3; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible, [tabindex]:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5em 1em; z-index: 10; }
.skip:focus { left: .5em; }
.top { display: flex; flex-wrap: wrap; align-items: baseline; gap: .5em 1.5em; padding: .6em 1.2em; background: #14213d; color: #fff; }
.top a { color: #fff; }
.brand { font-weight: 700; font-size: 1.05em; }
.top nav ul { display: flex; gap: 1em; list-style: none; margin: 0; padding: 0; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 19em; gap: 1.2em; padding: 1em 1.2em 3em; }
@media (max-width: 900px) { .layout { grid-template-columns: minmax(0, 1fr); } }
h1 { font-size: 1.45em; margin: .2em 0 .6em; }
h2 { font-size: 1.15em; margin: 1.2em 0 .5em; }
h3 { font-size: 1em; margin: 0 0 .3em; }
.muted { color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: .6em 1em; align-items: flex-end; padding: .8em; background: var(--card); border: 1px solid var(--line); border-radius: 8px; margin-bottom: 1em; }
.filters label, .admin label { display: flex; flex-direction: column; font-size: .85em; color: var(--muted); gap: .2em; }
input, select, button { font: inherit; color: var(--fg); }
input, select { padding: .35em .5em; border: 1px solid #7b8494; border-radius: 5px; background: #fff; min-width: 8em; }
button, .button { padding: .4em .9em; border: 1px solid #0a4fa3; border-radius: 5px; background: #0a4fa3; color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary { background: #fff; color: #0a4fa3; }
button.danger { background: #a3161b; border-color: #a3161b; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(15.5em, 1fr)); gap: 1em; list-style: none; margin: 0; padding: 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; overflow: hidden; display: flex; flex-direction: column; }
.card .thumb { aspect-ratio: 4 / 3; background: #e4e7ec; display: flex; align-items: center; justify-content: center; color: var(--muted); overflow: hidden; }
.card .thumb img { width: 100%; height: 100%; object-fit: cover; display: block; }
.card .text { padding: .7em .8em .9em; display: flex; flex-direction: column; gap: .35em; }
.card .text p { margin: 0; }
.card h2 { font-size: 1.02em; margin: 0; }
.card h2 a { text-decoration: none; }
.card h2 a:hover, .card h2 a:focus-visible { text-decoration: underline; }
.price { font-weight: 700; font-size: 1.05em; }
.price s { font-weight: 400; color: var(--muted); margin-right: .4em; }
.price .leasing { display: block; font-weight: 400; font-size: .9em; }
.meta { font-size: .88em; color: var(--muted); }
.badge { display: inline-block; padding: .05em .55em; border-radius: 999px; font-size: .8em; font-weight: 600; border: 1px solid currentColor; }
.tone-ok { color: #0b5d1e; background: #dcf5e3; }
.tone-warn { color: #6b4100; background: #fff1d6; }
.tone-bad { color: #a3161b; background: #fde2e2; }
.tone-info { color: #0b4a8b; background: #e1efff; }
.tone-muted { color: #3d4451; background: #eceef2; }
.placeholder { display: flex; align-items: center; justify-content: center; width: 100%; height: 100%; padding: .5em; text-align: center; font-size: .85em; color: var(--muted); background: repeating-linear-gradient(45deg, #e4e7ec, #e4e7ec 10px, #dde1e7 10px, #dde1e7 20px); }
.panel { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .8em 1em; margin-bottom: 1em; }
.fields { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .25em 1em; margin: 0; }
.fields dt { font-weight: 600; }
.fields dd { margin: 0; overflow-wrap: anywhere; }
pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; font-size: .88em; }
.prose { white-space: pre-wrap; overflow-wrap: anywhere; margin: .5em 0 0; }
.gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(12em, 1fr)); gap: .8em; list-style: none; padding: 0; margin: 0; }
.gallery figure { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.gallery .frame { aspect-ratio: 4 / 3; background: #e4e7ec; }
.gallery img { width: 100%; height: 100%; object-fit: cover; display: block; }
.gallery figcaption { padding: .5em .6em; font-size: .85em; display: flex; flex-direction: column; gap: .25em; overflow-wrap: anywhere; }
.timeline { list-style: none; margin: 0; padding: 0 0 0 1.1em; border-left: 3px solid var(--line); }
.timeline > li { position: relative; margin: 0 0 .9em; }
.timeline > li::before { content: ""; position: absolute; left: -1.58em; top: .35em; width: .8em; height: .8em; border-radius: 50%; background: #fff; border: 3px solid #7b8494; }
.timeline .request { font-size: .85em; color: var(--muted); }
.steps { list-style: none; margin: .3em 0 0; padding: 0; display: flex; flex-direction: column; gap: .25em; }
.steps li { display: flex; flex-wrap: wrap; gap: .3em .6em; align-items: baseline; }
.steps .action { font-weight: 600; min-width: 7.5em; }
table { border-collapse: collapse; width: 100%; background: var(--card); }
th, td { border-bottom: 1px solid var(--line); padding: .35em .5em; text-align: left; vertical-align: top; }
th { background: #eef0f4; }
.admin h2 { margin-top: 0; }
.admin form { display: flex; flex-direction: column; gap: .5em; padding: .6em 0 .9em; border-bottom: 1px solid var(--line); }
.admin form:last-of-type { border-bottom: 0; }
.admin fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .5em; }
.admin legend { font-weight: 600; padding: 0; margin-bottom: .3em; }
.admin .row { display: flex; flex-wrap: wrap; gap: .4em; }
.admin input, .admin select { min-width: 0; width: 100%; }
.admin ul { margin: .2em 0; padding-left: 1.1em; font-size: .9em; }
.status { min-height: 1.4em; font-size: .9em; }
.pager { display: flex; gap: 1em; align-items: center; margin: 1em 0; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
`;

/**
 * The views' script: live updates from the fake's server-sent events (one `EventSource` per page; on a new
 * revision the page fetches its own content once, however many changes happened meanwhile), the admin controls
 * (each `form[data-admin-method]` sends its fields as same-origin JSON, which the fake's guard takes), and a
 * placeholder for images that do not load.
 */
export const VIEW_SCRIPT = `(function () {
  'use strict';
  var body = document.body;
  var status = document.getElementById('live-status');
  var busy = false, again = false;

  function say(text) { if (status) status.textContent = text; }

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    var live = document.getElementById('live');
    if (!live) { busy = false; return; }
    var focusedId = document.activeElement && live.contains(document.activeElement) ? document.activeElement.id : '';
    fetch(location.href, { headers: { 'x-view-fragment': '1' }, cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        var revision = response.headers.get('x-view-revision');
        return response.text().then(function (text) {
          var holder = document.createElement('template');
          holder.innerHTML = text;
          Array.prototype.forEach.call(holder.content.querySelectorAll('template[data-part]'), function (part) {
            var target = document.getElementById(part.getAttribute('data-part'));
            if (target) target.replaceChildren(part.content.cloneNode(true));
          });
          if (revision) body.setAttribute('data-revision', revision);
          if (focusedId) { var el = document.getElementById(focusedId); if (el) el.focus(); }
          say('Updated at ' + new Date().toLocaleTimeString());
        });
      })
      .catch(function (error) { say('Could not update: ' + error.message); })
      .then(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }

  var source = null;
  function connect() {
    var url = body.getAttribute('data-live');
    if (!url || source || typeof EventSource === 'undefined') return;
    source = new EventSource(url);
    source.addEventListener('revision', function (event) {
      if (event.data !== body.getAttribute('data-revision')) refresh();
    });
  }
  function disconnect() { if (source) { source.close(); source = null; } }
  // A page in the background or being left holds no connection (browsers allow few per host).
  window.addEventListener('pagehide', disconnect);
  window.addEventListener('pageshow', connect);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') disconnect(); else { connect(); refresh(); }
  });
  connect();

  function fieldValue(input) {
    var kind = input.getAttribute('data-json');
    var value = input.value.trim();
    if (kind === 'number') return Number(value);
    if (kind === 'list') return value.split(',').map(function (item) { return item.trim(); }).filter(Boolean);
    if (kind === 'boolean') return value === 'true';
    return value;
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute('data-admin-method')) return;
    event.preventDefault();
    var question = form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) return;
    var submitter = event.submitter;
    var method = (submitter && submitter.getAttribute('data-method')) || form.getAttribute('data-admin-method');
    var path = (submitter && submitter.getAttribute('data-path')) || form.getAttribute('action');
    var payload = {};
    Array.prototype.forEach.call(form.querySelectorAll('[name]'), function (input) {
      if (submitter && submitter.hasAttribute('data-no-body')) return;
      if (input.value.trim() === '') return;
      payload[input.name] = fieldValue(input);
    });
    if (submitter && submitter.hasAttribute('data-value')) payload[submitter.name || 'value'] = Number(submitter.getAttribute('data-value'));
    var init = { method: method, credentials: 'same-origin', headers: {} };
    if (method !== 'DELETE' && method !== 'GET') {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(payload);
    }
    var out = document.getElementById('admin-status');
    var label = (submitter && submitter.textContent.trim()) || 'Done';
    fetch(path, init)
      .then(function (response) {
        return response.text().then(function (text) {
          var detail = '';
          try { var parsed = JSON.parse(text); detail = parsed && (parsed.detail || parsed.title) || ''; } catch (e) { detail = ''; }
          if (out) out.textContent = response.ok ? label + ': done.' : label + ' failed (HTTP ' + response.status + ')' + (detail ? ': ' + detail : '.');
        });
      })
      .catch(function (error) { if (out) out.textContent = label + ' failed: ' + error.message; })
      .then(refresh);
  });

  // An image that does not load (no network, a broken URL) becomes a labelled placeholder.
  document.addEventListener('error', function (event) {
    var img = event.target;
    if (!img || img.tagName !== 'IMG' || img.getAttribute('data-broken') === '1') return;
    img.setAttribute('data-broken', '1');
    var box = document.createElement('span');
    box.className = 'placeholder';
    box.textContent = img.getAttribute('data-missing') || 'Image not loaded';
    img.replaceWith(box);
  }, true);
})();
`;

/**
 * The answer for one of the views' assets (`/view.css`, `/view.js` under the views' asset path), or `undefined`.
 *
 * @example
 * const asset = viewAsset(path.slice('/__view'.length));
 * if (asset !== undefined) return asset;
 */
export function viewAsset(name: string): FakeResponse<string> | undefined {
  const headers = { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
  if (name === '/view.css') return { status: 200, headers: { ...headers, 'content-type': 'text/css; charset=utf-8' }, body: VIEW_CSS };
  if (name === '/view.js')
    return { status: 200, headers: { ...headers, 'content-type': 'text/javascript; charset=utf-8' }, body: VIEW_SCRIPT };
  return undefined;
}
