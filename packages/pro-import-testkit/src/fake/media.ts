import { createHash } from 'node:crypto';
import type { ImageRef } from './types.js';

/**
 * Extensions of files that are not JPG or PNG. "Accepted formats are JPG and PNG" is about the image, which the server
 * only learns when it downloads it, so any URL is a valid request; the fake treats a URL whose path ends in one of
 * these as a download that is not a JPG or PNG (a URL without an extension, as most image CDNs serve, is an image).
 */
const NOT_JPG_OR_PNG = /\.(gif|webp|avif|heic|heif|bmp|tiff?|svg|ico|pdf|txt|html?|json|xml|zip|mp4|mov)$/i;

/** Why downloading an image URL fails (in the `handle_media` action), or `undefined` when the fake accepts it. */
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
  if (NOT_JPG_OR_PNG.test(parsed.pathname)) return `Image ${url}: not a JPG or PNG image.`;
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
