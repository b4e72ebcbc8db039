import type { FakeRequest, FakeResponse } from '@x/fake-runtime';
import type { KleinanzeigenFake } from '../fake/fake.js';
import { IMAGE_PATH, UPLOAD_PATH, type StorageResult } from '../fake/media.js';

/** A percent-decoded path segment, or `undefined` when it cannot be decoded (then nothing is stored under it). */
export function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An S3-style XML error document. */
export function storageError(status: number, code: string, message: string, headers: Record<string, string> = {}): FakeResponse<string> {
  return {
    status,
    headers: { 'content-type': 'application/xml', ...headers },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`,
  };
}

function render(result: StorageResult): FakeResponse {
  if (result.code !== undefined) return storageError(result.status, result.code, result.message ?? '');
  if (result.bytes !== undefined)
    return { status: result.status, headers: { 'content-type': result.contentType ?? 'application/octet-stream' }, body: result.bytes };
  // The reconstructed rules an accepted upload broke (G-9), one header value each, as a reverse proxy adds warnings.
  const warnings: Record<string, string> = result.warnings === undefined ? {} : { 'x-fake-warning': result.warnings.join(' | ') };
  return { status: result.status, headers: { ...result.headers, ...warnings }, body: '' };
}

/** The fake's storage host: `PUT /__storage/uploads/{ticketUuid}` (presigned) and `GET /__storage/images/{name}`. */
export function handleStorage(fake: KleinanzeigenFake, request: FakeRequest, url: URL, method: string): FakeResponse {
  const path = url.pathname;
  const name = decoded(path.slice(path.lastIndexOf('/') + 1));
  if (name === undefined || name === '') return storageError(404, 'NoSuchKey', 'The specified key does not exist.');
  if (path.startsWith(UPLOAD_PATH) && path.indexOf('/', UPLOAD_PATH.length) < 0) {
    if (method !== 'PUT') return storageError(405, 'MethodNotAllowed', `The presigned URL takes PUT, not ${method}.`, { allow: 'PUT' });
    return render(
      fake.upload({
        ticketUuid: name,
        query: url.searchParams,
        authorization: request.header('authorization'),
        bytes: request.body,
        origin: url.origin,
      }),
    );
  }
  if (path.startsWith(IMAGE_PATH) && path.indexOf('/', IMAGE_PATH.length) < 0) {
    if (method !== 'GET' && method !== 'HEAD')
      return storageError(405, 'MethodNotAllowed', `Images are read with GET, not ${method}.`, { allow: 'GET, HEAD' });
    return render(fake.image(name));
  }
  return storageError(404, 'NoSuchKey', 'The specified key does not exist.');
}
