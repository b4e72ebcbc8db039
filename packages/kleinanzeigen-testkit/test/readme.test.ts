import { setupServer } from 'msw/node';
import { createKleinanzeigenClient } from '@x/kleinanzeigen-client';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createKleinanzeigenFake } from '../src/index.js';
import { kleinanzeigenHandlers } from '../src/msw.js';

// The README's msw example, as written there.
const fake = createKleinanzeigenFake({ clients: [{ clientId: 'shop', clientSecret: 'local-secret' }] });
const server = setupServer(...kleinanzeigenHandlers(fake));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => fake.reset());
afterAll(() => server.close());

it('publishes (the README example)', async () => {
  const client = createKleinanzeigenClient({ clientId: 'shop', clientSecret: 'local-secret' });
  const { uuid } = await client.listings.create({ title: 'Lego', category: 'Spielzeug', description: 'Vollständig', price: { type: 'FIXED', amount: 20 } });
  const { uuid: imprintUuid } = await client.imprints.create({ content: 'Muster GmbH, Berlin' });
  const { uuid: publicationUuid } = await client.publications.create(uuid, { imprintUuid });
  fake.clock.advance(1_000);
  expect((await client.publications.get(uuid, publicationUuid)).status).toBe('PUBLISHED');
});
