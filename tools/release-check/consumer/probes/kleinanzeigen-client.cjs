// @x/kleinanzeigen-client against @x/kleinanzeigen-testkit's HTTP fake: an OAuth token, an imprint and a listing
// created and read back.
'use strict';

module.exports = async function probe(load) {
  const { createKleinanzeigenClient } = await load('@x/kleinanzeigen-client');
  const { startKleinanzeigenServer } = await load('@x/kleinanzeigen-testkit/server');
  const credentials = { clientId: 'release-check', clientSecret: 'release-check-secret' };
  const running = await startKleinanzeigenServer({ port: 0, fakeOptions: { latencyMs: 0, clients: [credentials] } });
  try {
    const client = createKleinanzeigenClient({ ...credentials, baseUrl: running.baseUrl, tokenUrl: running.tokenUrl });
    const { uuid: imprint } = await client.imprints.create({ content: 'Release Check GmbH, Musterstraße 1, 10115 Berlin' });
    const { uuid } = await client.listings.create({
      category: 'Familie_Kind_Baby/Spielzeug',
      title: 'Actionfiguren',
      description: 'Zwölf Figuren, wie neu.',
      attributes: { art: 'actionfiguren', condition: 'like_new', versand: 'ja' },
      adType: 'OFFER',
      price: { type: 'FIXED', amount: 100 },
      customReference: 'RC-1',
    });
    const listing = await client.listings.get(uuid);
    if (listing.title !== 'Actionfiguren') throw new Error(`GET answered title ${listing.title}`);
    return `imprint ${imprint.slice(0, 8)}…, listing ${uuid.slice(0, 8)}… over HTTP with an OAuth token`;
  } finally {
    await running.close();
  }
};
