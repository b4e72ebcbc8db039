/**
 * Row 5: `createAndWait` in bulk against the fake over HTTP (its own process, real clock, latency 0), with the
 * client's default settings: how long `count` creates take, `concurrency` at a time, until each is published.
 */
import { createProImportClient } from '@x/pro-import-client';
import { createAdFactory } from '@x/pro-import-testkit';
import { startChild } from './child.js';
import type { FakeChild } from './fake-client.js';
import { inParallel } from './measure.js';

export async function waitRow(options: { count?: number; concurrency?: number } = {}): Promise<{ seconds: number; count: number; concurrency: number }> {
  const count = options.count ?? 10_000;
  const concurrency = options.concurrency ?? 32;
  const fake = await startChild<FakeChild>('fake', ['0']);
  const client = createProImportClient({ token: fake.ready.token, baseUrl: fake.ready.baseUrl });
  const factory = createAdFactory({ seed: 2 });
  const bodies = Array.from({ length: count }, (_, i) => ({ ...factory.buildAd('car'), source_id: `wait-${i}` }));
  try {
    const start = performance.now();
    await inParallel(count, concurrency, async (i) => {
      const result = await client.car.createAndWait(bodies[i] as Parameters<typeof client.car.createAndWait>[0]);
      if (result.ad.blocket_ad_id === null) throw new Error(`wait-${i} was not published`);
    });
    return { seconds: (performance.now() - start) / 1000, count, concurrency };
  } finally {
    await fake.stop();
  }
}
