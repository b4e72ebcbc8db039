/**
 * HTML built from tagged templates: every interpolated value is escaped unless it is already `Html` (built by `html`
 * or `rawHtml`), so a title, a body text or a URL a client sent can never become markup in a fake's web view.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * A piece of HTML that is safe to insert as it is.
 *
 * @example
 * const bold: Html = html`<b>${'<script>'}</b>`; // <b>&lt;script&gt;</b>
 */
export class Html {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

/**
 * Text escaped for HTML content and quoted attribute values (`&`, `<`, `>`, `"`, `'`).
 *
 * @example
 * escapeHtml('Tom & "Jerry"'); // 'Tom &amp; &quot;Jerry&quot;'
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** What a template takes: text (escaped), numbers, `Html`, lists of those (joined), or nothing (`null`, `false`). */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeHtml(String(value));
}

/**
 * Builds HTML: interpolated text is escaped, `Html` is kept, lists are joined, `null`/`undefined`/booleans vanish
 * (so `${cond && html`...`}` works).
 *
 * @example
 * const item = (name: string) => html`<li>${name}</li>`;
 * html`<ul>${['a<b', 'c'].map(item)}</ul>`.text; // '<ul><li>a&lt;b</li><li>c</li></ul>'
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}

/**
 * Marks text as HTML without escaping it: only for markup the fake itself wrote (never anything a client sent).
 *
 * @example
 * rawHtml('<br>');
 */
export function rawHtml(text: string): Html {
  return new Html(text);
}
