/** Escapes one JSON-pointer segment (RFC 6901). */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds `#/a/b~1c` from raw segments. */
export function pointer(...segments: Array<string | number>): string {
  return `#/${segments.map((s) => escapePointer(String(s))).join('/')}`;
}

/**
 * An error about the spec or the API config: says which file and which JSON pointer it is about, so the user can
 * open the document at the right place.
 */
export class SpecError extends Error {
  override readonly name = 'SpecError';
  constructor(
    readonly file: string,
    readonly pointer: string,
    readonly problem: string,
  ) {
    super(`${file} ${pointer}: ${problem}`);
  }
}
