import { createHash } from 'node:crypto';
import type { ImageRef } from './types.js';

/** Why an image URL cannot be fetched, or `undefined` when the fake accepts it. */
export function imageProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `Image ${url}: not an absolute URL.`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return `Image ${url}: only http and https URLs can be fetched.`;
  if (parsed.hostname.endsWith('.invalid'))
    return `Image ${url}: could not be downloaded (host ${parsed.hostname} not found).`;
  if (!/\.(jpe?g|png)$/i.test(parsed.pathname)) return `Image ${url}: not a JPG or PNG image.`;
  return undefined;
}

/** The image reference for a URL: the checksum is the sha256 of the URL, so the same URL reuses the same image. */
export function imageRefFor(url: string, known: Map<string, ImageRef>): ImageRef {
  const checksum = createHash('sha256').update(url).digest('hex');
  const existing = known.get(checksum);
  if (existing !== undefined) return { ...existing, url };
  const id = checksum.slice(0, 24);
  const ref: ImageRef = { url, cdn_url: `https://images.fake-blocket.test/${id}.jpg`, id, checksum };
  known.set(checksum, ref);
  return ref;
}
