// @x/pro-import-client against @x/pro-import-testkit's HTTP fake (a real server on a free port): a car created and
// waited for until published, then read back.
'use strict';

module.exports = async function probe(load) {
  const { createProImportClient } = await load('@x/pro-import-client');
  const { buildAd } = await load('@x/pro-import-testkit');
  const { startFakeServer } = await load('@x/pro-import-testkit/server');
  const running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 } });
  try {
    const token = running.fake.token({ scope: 'dealer_code', dealer_code: 'RC1' });
    const client = createProImportClient({ token, baseUrl: running.baseUrl });
    const body = buildAd('car');
    const { ad } = await client.car.createAndWait(body, { intervalMs: 20, backoff: 1, timeoutMs: 20_000 });
    const read = await client.car.get(String(body.source_id));
    if (read.blocket_ad_id !== ad.blocket_ad_id) throw new Error(`GET answered blocket_ad_id ${read.blocket_ad_id}, the create ${ad.blocket_ad_id}`);
    return `car ${body.source_id} published as ${ad.blocket_ad_id} over HTTP`;
  } finally {
    await running.close();
  }
};
