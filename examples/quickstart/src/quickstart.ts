import { createProImportClient } from '@x/pro-import-client';
import { buildAd } from '@x/pro-import-testkit';
import { startFakeServer } from '@x/pro-import-testkit/server';

export type QuickstartOptions = {
  /** Delay of each asynchronous step of the fake, in ms. */
  latencyMs?: number;
  print?: (line: string) => void;
};

/**
 * The whole life of an ad against the fake: create and wait until published, list, patch, delete and wait until
 * deleted. Each step prints one line.
 *
 * @example
 * await runQuickstart({ print: console.log });
 */
export async function runQuickstart(options: QuickstartOptions = {}): Promise<void> {
  const print = options.print ?? ((line: string) => console.log(line));
  // 1. The fake, in-process on a free port: the same API as https://api.blocket.se/pro-import-api.
  const running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: options.latencyMs ?? 200 } });
  try {
    print(`fake API at ${running.baseUrl}`);
    const token = running.fake.token({ scope: 'dealer_code', dealer_code: 'DEMO' });
    const client = createProImportClient({ token, baseUrl: running.baseUrl });
    const poll = { intervalMs: 100, backoff: 1, timeoutMs: 30_000 };

    // 2. Create a car (a valid body from the spec's example) and wait until it is published.
    const body = buildAd('car', { category_fields: { mileage: 42_000 } });
    const sourceId = String(body.source_id);
    print(`creating car ${sourceId} ...`);
    const created = await client.car.createAndWait(body, poll);
    print(
      `published: blocket_ad_id ${created.ad.blocket_ad_id}, offer_id ${created.ad.offer_id}, title "${created.ad.title}"`,
    );

    // 3. List this dealer's cars.
    const page = await client.car.list({ source_id: sourceId });
    print(`listed: ${page.count} car(s), first ${page.results[0]?.source_id}`);

    // 4. Patch: deep-merged, so only the mileage changes.
    const patched = await client.car.patchAndWait(sourceId, { category_fields: { mileage: 43_500 } }, poll);
    print(`patched: mileage ${(patched.ad.category_fields as { mileage?: number }).mileage}`);

    // 5. Delete: the answer still says "created"; the state flips when the worker is done.
    const deleted = await client.car.deleteAndWait(sourceId, poll);
    print(`deleted: state ${deleted.ad.state}`);
  } finally {
    await running.close();
  }
}
