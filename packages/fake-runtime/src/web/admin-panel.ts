import { FAULT_STATUSES, type HttpFaultsConfig } from '../faults.js';
import { html, type Html, type HtmlValue } from './html.js';
import { inputField, selectField, when } from './page.js';

/**
 * One control of the admin panel: a form whose fields the view's script sends as JSON to the fake's own admin API
 * (`method path`), with a legend and a submit button. Extra buttons may send another method or path.
 *
 * @example
 * adminForm({ method: 'POST', path: '/api/__fake/reset', legend: 'Reset', submit: 'Reset the fake', fields: [], confirm: 'Forget everything?' });
 */
export type AdminFormOptions = {
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  legend: string;
  /** Fields, built with `inputField` and `selectField` (`json` converts a value to a number or a list). */
  fields: HtmlValue;
  submit: string;
  /** More buttons: another method or path, a fixed numeric value, or no body. */
  buttons?: ReadonlyArray<{ label: string; method?: string; path?: string; value?: { name: string; number: number }; noBody?: boolean; tone?: 'secondary' | 'danger' }>;
  /** Asked before sending (`window.confirm`): for what cannot be undone. */
  confirm?: string;
  tone?: 'danger';
  /** What the control does, shown under the legend. */
  hint?: HtmlValue;
};

/**
 * A control of the admin panel: see `AdminFormOptions`.
 *
 * @example
 * adminForm({ method: 'POST', path: `${admin}/flush`, legend: 'Queued work', submit: 'Run queued work now', fields: null });
 */
export function adminForm(form: AdminFormOptions): Html {
  const buttons = (form.buttons ?? []).map(
    (button) =>
      html`<button type="submit" class="${button.tone ?? 'secondary'}"${button.method === undefined ? null : html` data-method="${button.method}"`}${
        button.path === undefined ? null : html` data-path="${button.path}"`
      }${button.value === undefined ? null : html` name="${button.value.name}" data-value="${button.value.number}"`}${
        button.noBody === true ? html` data-no-body` : null
      }>${button.label}</button>`,
  );
  return html`<form action="${form.path}" method="post" data-admin-method="${form.method}"${form.confirm === undefined ? null : html` data-confirm="${form.confirm}"`}>
<fieldset><legend>${form.legend}</legend>${form.hint === undefined ? null : html`<p class="muted">${form.hint}</p>`}${form.fields}</fieldset>
<div class="row"><button type="submit"${form.tone === undefined ? null : html` class="${form.tone}"`}>${form.submit}</button>${buttons}</div>
</form>`;
}

/**
 * The clock as the admin panel shows it: a manual clock advances (`POST <admin>/clock/advance`), a real one can
 * only run the queued work now.
 *
 * @example
 * const clock: AdminClock = { manual: true, now: fake.clock.now(), pending: 'No queued work', runNow: { path: `${admin}/flush`, label: 'Run queued work now' } };
 */
export type AdminClock = {
  manual: boolean;
  now: number;
  /** What is waiting for the clock, in words (`3 ads have queued work`). */
  pending: string;
  /** The admin route that runs every piece of queued work at once, whatever the clock says. */
  runNow: { path: string; label: string };
};

/**
 * Options of `adminPanel`.
 *
 * @example
 * adminPanel({ admin: '/pro-import-api/__fake', faults: fake.faults.describe(), faultPath: '/v4/car', clock, extra: [] });
 */
export type AdminPanelOptions = {
  /** The admin API's path on this port (`/pro-import-api/__fake`). */
  admin: string;
  faults: HttpFaultsConfig;
  /** Lines about faults of the fake's own (worker errors, rejections), shown with the HTTP faults. */
  otherFaults?: readonly string[];
  /** An example path for a fault, as the fake matches it (`/v4/car`, `/v1/listings`). */
  faultPath: string;
  clock: AdminClock;
  /** Controls of the fake's own, after the shared ones and before reset. */
  extra?: readonly Html[];
};

function describeFaults(faults: HttpFaultsConfig, other: readonly string[]): Html {
  const lines = [
    ...faults.scheduled.map(
      (f) =>
        `${f.status === undefined ? '' : `${f.status} `}${f.delayMs === undefined || f.delayMs === 0 ? '' : `after ${f.delayMs} ms `}for the next ${f.count ?? 1} × ${f.method ?? 'any method'} ${f.path ?? 'any path'}`,
    ),
    ...(faults.rate === null
      ? []
      : [`${Math.round(faults.rate.rate * 1000) / 10}% of ${faults.rate.method ?? 'any method'} ${faults.rate.path ?? 'any path'} fail (${(faults.rate.statuses ?? FAULT_STATUSES).join(', ')})`]),
    ...other,
  ];
  if (lines.length === 0) return html`<p class="muted">No faults: every request is answered normally.</p>`;
  return html`<ul>${lines.map((line) => html`<li>${line}</li>`)}</ul>`;
}

/**
 * The admin panel in two parts: `status` (the clock, what is queued, the faults) follows the state live; `controls`
 * (the forms) stay as they are while a developer types.
 *
 * @example
 * const panel: AdminPanel = adminPanel(options);
 */
export type AdminPanel = { status: Html; controls: Html };

/**
 * The admin controls of a fake's web view, the ones a developer uses most: HTTP faults (schedule, clear), the clock
 * (advance a manual one, or run the queued work now) and reset. Each sends same-origin JSON to the fake's own admin
 * API, so the fake's guard (`checkLocalRequest`) takes it and refuses the same request from any other site. Render
 * it only where the admin API is served.
 *
 * @example
 * const aside = adminPanel({ admin: `${BASE_PATH}/__fake`, faults: fake.faults.describe(), faultPath: '/v4/car', clock });
 */
export function adminPanel(options: AdminPanelOptions): AdminPanel {
  const { admin, clock } = options;
  const methods: Array<readonly [string, string]> = [['', 'Any method'], ...['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => [m, m] as const)];
  const statuses = FAULT_STATUSES.map((s) => [String(s), String(s)] as const);
  const faults = adminForm({
    method: 'POST',
    path: `${admin}/faults/schedule`,
    legend: 'Inject an HTTP fault',
    hint: html`The next matching requests get this status instead of an answer (429 and 503 with <code>Retry-After</code>).`,
    fields: [
      selectField({ name: 'method', label: 'Method', options: methods, id: 'fault-method' }),
      inputField({ name: 'path', label: 'Path (a trailing * is a prefix)', placeholder: options.faultPath, id: 'fault-path' }),
      selectField({ name: 'status', label: 'Status', options: statuses, value: '503', id: 'fault-status', json: 'number' }),
      inputField({ name: 'count', label: 'How many requests', type: 'number', value: '1', min: 1, id: 'fault-count', json: 'number' }),
    ],
    submit: 'Schedule fault',
    buttons: [{ label: 'Clear all faults', method: 'DELETE', path: `${admin}/faults`, noBody: true }],
  });
  const clockControl = clock.manual
    ? adminForm({
        method: 'POST',
        path: `${admin}/clock/advance`,
        legend: 'Clock (manual)',
        hint: 'Time moves only when you advance it; due work runs.',
        fields: inputField({ name: 'ms', label: 'Advance by (ms)', type: 'number', value: '1000', min: 0, id: 'clock-ms', json: 'number' }),
        submit: 'Advance',
        buttons: [
          { label: '+1 min', value: { name: 'ms', number: 60_000 } },
          { label: clock.runNow.label, path: clock.runNow.path, noBody: true },
        ],
      })
    : adminForm({
        method: 'POST',
        path: clock.runNow.path,
        legend: 'Clock (real)',
        hint: 'A real clock moves on its own; queued work can run at once.',
        fields: null,
        submit: clock.runNow.label,
      });
  const reset = adminForm({
    method: 'POST',
    path: `${admin}/reset`,
    legend: 'Reset',
    hint: 'Forget everything the fake stores, and every fault.',
    fields: null,
    submit: 'Reset the fake',
    tone: 'danger',
    confirm: 'Reset the fake? Everything it stores is forgotten.',
  });
  return {
    status: html`<h3>Now</h3>
<p>${when(clock.now)} (${clock.manual ? 'manual clock' : 'real clock'}). ${clock.pending}.</p>
<h3>Faults</h3>
${describeFaults(options.faults, options.otherFaults ?? [])}`,
    controls: html`${faults}
${clockControl}
${options.extra ?? []}
${reset}
<p id="admin-status" class="status" role="status" aria-live="polite"></p>
<p class="muted">These controls call the fake's admin API (<code>${admin}/</code>) from this page only.</p>`,
  };
}
