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

/**
 * Removes every occurrence of the token from a text, as a last line of defence for messages built from
 * third-party errors.
 *
 * @example
 * redact('bad header abc123', 'abc123'); // 'bad header [redacted]'
 */
export function redact(text: string, token: string | undefined): string {
  if (token === undefined || token.length === 0) return text;
  return text.split(token).join('[redacted]');
}

/** The message of anything thrown, on one line. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
