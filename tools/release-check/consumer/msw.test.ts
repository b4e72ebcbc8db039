// The testkits' msw handlers in a consumer's vitest run, as the testkit READMEs show them: both clients against
// both fakes, on the fakes' manual clocks.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createKleinanzeigenClient } from '@x/kleinanzeigen-client';
import { createKleinanzeigenFake } from '@x/kleinanzeigen-testkit';
import { kleinanzeigenHandlers } from '@x/kleinanzeigen-testkit/msw';
import { createProImportClient } from '@x/pro-import-client';
import { buildAd, createFake } from '@x/pro-import-testkit';
import { proImportHandlers } from '@x/pro-import-testkit/msw';

const proImport = createFake();
const kleinanzeigen = createKleinanzeigenFake({ clients: [{ clientId: 'shop', clientSecret: 'local-secret' }] });
const server = setupServer(...proImportHandlers(proImport), ...kleinanzeigenHandlers(kleinanzeigen));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  proImport.reset();
  kleinanzeigen.reset();
});
afterAll(() => server.close());

it('publishes a car on the Pro Import fake', async () => {
  const client = createProImportClient({ token: proImport.token({ scope: 'dealer_code', dealer_code: 'D1' }), retry: false });
  const body = buildAd('car');
  await client.car.create(body);
  proImport.clock.advance(4_000);
  expect((await client.car.get(String(body.source_id))).blocket_ad_id).not.toBeNull();
});

it('creates a listing on the Kleinanzeigen fake', async () => {
  const client = createKleinanzeigenClient({ clientId: 'shop', clientSecret: 'local-secret' });
  const { uuid } = await client.listings.create({ title: 'Lego', category: 'Spielzeug', description: 'Vollständig', price: { type: 'FIXED', amount: 20 } });
  expect((await client.listings.get(uuid)).title).toBe('Lego');
});
