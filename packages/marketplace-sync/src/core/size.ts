import type { Blocked, JsonObject } from './types.js';

/**
 * The largest request body the servers take, as reconstructed: the documents of neither API name a limit, and both
 * fakes answer 413 past 1 MiB. An ad over it is blocked in the plan (nothing sent) instead of failing on the server.
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/**
 * Why `body` (what a create sends) is too large for the server, naming its largest field, or undefined.
 *
 * @example
 * oversized({ body: 'x'.repeat(2_000_000) }, DEFAULT_MAX_BODY_BYTES, 'create');
 * // { reason: 'its create body is 1.9 MiB, over the 1.0 MiB ...', todo: 'shorten "body" (1.9 MiB) in the feed' }
 */
export function oversized(body: JsonObject, limit: number, what: string): Blocked | undefined {
  if (!Number.isFinite(limit)) return undefined;
  const size = Buffer.byteLength(JSON.stringify(body));
  if (size <= limit) return undefined;
  const [field, fieldSize] = Object.entries(body)
    .map(([key, value]) => [key, Buffer.byteLength(JSON.stringify(value ?? null))] as const)
    .sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  return {
    reason: `its ${what} body is ${formatBytes(size)}, over the ${formatBytes(limit)} the server takes (reconstructed: the documents name no limit; past it the server answers 413)`,
    todo: `shorten "${field}" (${formatBytes(fieldSize)}) in the feed`,
  };
}
