/**
 * How fast the fake answers, so a test suite's budget can be estimated. Prints figures; asserts nothing.
 * Run: pnpm --filter @x/pro-import-testkit bench
 */
import { setupServer } from 'msw/node';
import { createAdFactory, createFake } from '../src/index.js';
import { proImportHandlers } from '../src/msw.js';
import { startFakeServer } from '../src/server.js';

const factory = createAdFactory({ seed: 1 });

async function timed(label: string, count: number, run: () => Promise<void>): Promise<void> {
  const start = performance.now();
  await run();
  const ms = performance.now() - start;
  console.log(
    `${label.padEnd(48)} ${count} in ${ms.toFixed(0).padStart(6)} ms  ${((count / ms) * 1000).toFixed(0).padStart(6)}/s`,
  );
}

async function inParallel(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

async function main(): Promise<void> {
  const N = 2000;
  const bodies = Array.from({ length: N }, () => JSON.stringify(factory.buildAd('car', { visible: false })));

  // A long latency keeps the work queued, so the flush below measures the worker alone.
  const running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 3_600_000 } });
  const token = running.fake.token({ scope: 'dealer_code', dealer_code: 'D1' });
  const headers = { 'content-type': 'application/json', 'X-Auth-Token': token };
  await timed('HTTP: POST /v4/car, 50 concurrent', N, () =>
    inParallel(
      N,
      50,
      async (i) =>
        void (await (
          await fetch(`${running.baseUrl}/v4/car`, { method: 'POST', headers, body: bodies[i] })
        ).text()),
    ),
  );
  await timed('HTTP: GET /v4/ad?limit=100 over 2000 ads', 200, () =>
    inParallel(
      200,
      10,
      async () => void (await (await fetch(`${running.baseUrl}/v4/ad?limit=100`, { headers })).text()),
    ),
  );
  await timed('worker: flush 2000 queued create jobs', N, async () => running.fake.flush());
  await running.close();

  const fake = createFake();
  const server = setupServer(...proImportHandlers(fake));
  server.listen();
  const mswToken = fake.token({ scope: 'dealer_code', dealer_code: 'D1' });
  await timed('msw: POST /v4/car, sequential', N, async () => {
    for (const body of bodies) {
      await (
        await fetch('https://api.blocket.se/pro-import-api/v4/car', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'X-Auth-Token': mswToken },
          body,
        })
      ).text();
    }
  });
  await timed('manual clock: advance through 2000 jobs', N, async () => fake.clock.runAll());
  server.close();
}

await main();
