/** The Pro Import fake over HTTP on the real clock, with the latency given as the first argument (ms). */
import { startFakeServer } from '@x/pro-import-testkit/server';
import { reportReady } from '../child.js';

const latencyMs = Number(process.argv[2] ?? '0');
const running = await startFakeServer({ port: 0, fakeOptions: { latencyMs } });
// The token goes to the parent over IPC only; nothing prints it.
reportReady({ baseUrl: running.baseUrl, token: running.fake.token({ scope: 'dealer_code', dealer_code: 'D1' }) });
