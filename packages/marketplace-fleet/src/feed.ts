import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** The validators of a feed version (from its last answer): sent back as `If-None-Match` / `If-Modified-Since`. */
export type FeedValidators = { etag?: string | null; lastModified?: string | null };

/** A feed fetched over HTTP: unchanged (304), or downloaded to a temporary file (delete it with `discard`). */
export type FetchedFeed =
  | { status: 'unchanged' }
  | { status: 'fetched'; file: string; etag: string | null; lastModified: string | null; discard(): void };

/** A feed URL that could not be fetched; `transient` when a later try may work (network, 5xx, 408, 429). */
export class FeedFetchError extends Error {
  readonly transient: boolean;
  constructor(message: string, transient: boolean) {
    super(message);
    this.name = 'FeedFetchError';
    this.transient = transient;
  }
}

/** The URL without credentials or query (a query string can carry a key): what messages show. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '(not a URL)';
  }
}

function causeCode(error: unknown): string | undefined {
  let cause: unknown = error;
  for (let i = 0; i < 5 && cause !== null && typeof cause === 'object'; i += 1) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Fetches a feed given as an http(s) URL with a conditional request: with the validators of the version the last
 * converged run synced, a `304 Not Modified` means nothing changed and the job can end without listing the
 * marketplace. Otherwise the body is streamed to a temporary file (the sync streams it again from there).
 *
 * @example
 * const feed = await fetchFeed('https://dms.example.com/d1.ndjson', { etag: '"v41"' });
 * if (feed.status === 'unchanged') return;
 */
export async function fetchFeed(url: string, validators: FeedValidators = {}, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<FetchedFeed> {
  const headers: Record<string, string> = { Accept: 'application/x-ndjson, application/json;q=0.9, */*;q=0.1' };
  if (validators.etag) headers['If-None-Match'] = validators.etag;
  if (validators.lastModified) headers['If-Modified-Since'] = validators.lastModified;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 120_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, { headers, signal, redirect: 'follow' });
  } catch (error) {
    options.signal?.throwIfAborted();
    const code = timeout.aborted ? 'timeout' : causeCode(error);
    throw new FeedFetchError(`the feed ${safeUrl(url)} could not be fetched${code ? ` (${code})` : ''}`, true);
  }
  if (response.status === 304) {
    await response.body?.cancel();
    return { status: 'unchanged' };
  }
  if (!response.ok) {
    await response.body?.cancel();
    const transient = response.status >= 500 || response.status === 408 || response.status === 429;
    throw new FeedFetchError(`the feed ${safeUrl(url)} answered ${response.status}${transient ? '' : ': check the dealer\'s "feed" URL'}`, transient);
  }
  const dir = mkdtempSync(join(tmpdir(), 'x-fleet-feed-'));
  const file = join(dir, 'feed');
  const discard = () => rmSync(dir, { recursive: true, force: true });
  try {
    if (response.body === null) throw new FeedFetchError(`the feed ${safeUrl(url)} answered ${response.status} with no body`, true);
    await pipeline(Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>), createWriteStream(file), { signal });
  } catch (error) {
    discard();
    options.signal?.throwIfAborted();
    if (error instanceof FeedFetchError) throw error;
    throw new FeedFetchError(`the feed ${safeUrl(url)} broke off while downloading (${causeCode(error) ?? 'connection closed'})`, true);
  }
  return { status: 'fetched', file, etag: response.headers.get('ETag'), lastModified: response.headers.get('Last-Modified'), discard };
}
