/**
 * A failure the user can act on: its message is one line that says what went wrong, where, and what to do, and
 * never contains the token. `main` prints only this message, never a stack.
 */
export class PullError extends Error {
  override readonly name = 'PullError';
  constructor(
    readonly kind: 'usage' | 'auth' | 'network' | 'http' | 'document' | 'catalogue' | 'write',
    message: string,
  ) {
    super(message);
  }
}

/** Control characters (a newline, a tab, ...): a token never contains one, an HTTP header cannot carry one. */
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Every form the token may take in a message: as it is, with line breaks collapsed the way `describeError` does, as
 * JSON or a URL would escape it, and each of its pieces between control characters or spaces (a message may show
 * them apart) when long enough to be a secret on its own.
 */
function tokenForms(token: string): string[] {
  const forms = new Set<string>([
    token,
    token.replace(/\s*\n\s*/g, ' ').trim(),
    JSON.stringify(token).slice(1, -1),
    encodeURIComponent(token),
  ]);
  for (const piece of token.split(/[\u0000-\u0020\u007f]+/)) if (piece.length >= 8) forms.add(piece);
  forms.delete('');
  // Longest first, so a piece never breaks up a longer form before it is replaced.
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Removes every occurrence of the token from a text, in every form a message may show it (see `tokenForms`), as a
 * last line of defence for messages built from third-party errors.
 *
 * @example
 * redact('bad header abc123', 'abc123'); // 'bad header [redacted]'
 */
export function redact(text: string, token: string | undefined): string {
  if (token === undefined || token.length === 0) return text;
  let out = text;
  for (const form of tokenForms(token)) out = out.split(form).join('[redacted]');
  return out;
}

/** The message of anything thrown, on one line. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
