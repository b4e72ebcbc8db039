import { describe, expect, it } from 'vitest';
import { createRuntime, DEFAULT_RETRY, staticToken } from '@x/client-runtime';
import { createKleinanzeigenRuntime, ListingsNamespace, MediaNamespace, type KleinanzeigenRuntimeOptions } from '../src/core.js';
import { kleinanzeigenValidator } from '../src/index.js';
import { kleinanzeigenErrors } from '../src/runtime/errors.js';
import { CLIENT_ID, CLIENT_SECRET } from './fake-api.js';
import { FAST_RETRY, fakeApi } from './support.js';

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 1, 2, 3, 4, 5, 250]);

describe('createKleinanzeigenRuntime (the ./core entry)', () => {
  it('checks the options as the client does, naming itself and never the secret', () => {
    const refusal = (options: unknown) => {
      try {
        createKleinanzeigenRuntime(options as KleinanzeigenRuntimeOptions);
      } catch (error) {
        expect(error).toBeInstanceOf(TypeError);
        expect((error as Error).message).not.toContain(CLIENT_SECRET);
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(refusal({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, timeoutMs: -1 })).toBe('createKleinanzeigenRuntime: timeoutMs must be a positive number');
    expect(refusal({ token: 'a', clientSecret: CLIENT_SECRET })).toMatch(/^createKleinanzeigenRuntime: pass only one way to authenticate/);
    // `validate: true` needs the validators' loaders, which ./core never imports: it takes a validator.
    expect(refusal({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, validate: true })).toBe(
      "createKleinanzeigenRuntime: validate must be a validator function (kleinanzeigenValidator() gives the package's)",
    );
  });

  it('runs a namespace alone, validating with kleinanzeigenValidator() before sending', async () => {
    const api = await fakeApi();
    const runtime = createKleinanzeigenRuntime({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: api.baseUrl, tokenUrl: api.tokenUrl, retry: FAST_RETRY, validate: kleinanzeigenValidator() });
    const listings = new ListingsNamespace(runtime);
    const { uuid } = await listings.create({ title: 'Lego', category: 'Spielzeug', description: 'Wie neu' });
    expect((await listings.get(uuid)).title).toBe('Lego');
    const refused = await new MediaNamespace(runtime).requestTicket({ mediaType: 'image/gif' as 'image/png' }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 415, detail: "Unsupported media type: 'image/gif'. Supported types are: image/jpeg, image/png" });
  });

  it("uploads through the runtime's own fetch (the storage PUT too), and through the platform's for a runtime made elsewhere", async () => {
    const api = await fakeApi();
    const listing = api.addListing({ urls: [] });
    const seen: string[] = [];
    const fetch = (request: Request) => {
      seen.push(`${request.method} ${new URL(request.url).pathname}`);
      return globalThis.fetch(request);
    };
    const runtime = createKleinanzeigenRuntime({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: api.baseUrl, tokenUrl: api.tokenUrl, retry: FAST_RETRY, fetch });
    const urls = await new MediaNamespace(runtime).upload(listing.uuid, JPEG, 'image/jpeg');
    expect(urls).toHaveLength(1);
    expect(seen.filter((line) => line.startsWith('PUT /storage/'))).toHaveLength(1);

    const token = await (await globalThis.fetch(api.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, audience: 'consumer-goods-api' }) })).json();
    const other = createRuntime({ baseUrl: api.baseUrl, auth: staticToken({ header: 'Authorization', scheme: 'Bearer', token: (token as { access_token: string }).access_token, what: 'test' }), errors: kleinanzeigenErrors, timeoutMs: 5_000, retry: DEFAULT_RETRY });
    expect(await new MediaNamespace(other).upload(listing.uuid, JPEG, 'image/jpeg')).toHaveLength(2);
  });
});
