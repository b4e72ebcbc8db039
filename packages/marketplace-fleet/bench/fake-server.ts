/**
 * The Pro Import fake over HTTP in its own process for the fleet bench: every answer waits `latency` ms (argv[2]),
 * as a network round trip would. Prints `{"baseUrl": ...}` once listening; on SIGTERM prints `{"requests": n}` (the
 * requests it answered) and stops.
 */
import { startFakeServer } from '@x/pro-import-testkit/server';

const latencyMs = Number(process.argv[2] ?? '0');
let requests = 0;
const running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0, jwtSecret: 'fleet-bench-secret' }, onResponse: () => void (requests += 1) });
if (latencyMs > 0) running.fake.faults.schedule({ path: '*', delayMs: latencyMs, count: 1_000_000_000 });
process.stdout.write(`${JSON.stringify({ baseUrl: running.baseUrl })}\n`);
process.once('SIGTERM', () => {
  process.stdout.write(`${JSON.stringify({ requests })}\n`);
  void running.close().then(() => process.exit(0));
});
