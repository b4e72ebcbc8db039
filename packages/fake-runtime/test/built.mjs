// The built ESM entries, as users import them: one real call through the HTTP face.
import { createTestToken, guardHandler, json, ManualClock, startHttpServer, verifyToken } from '../dist/index.js';
import { mswHandlers } from '../dist/msw.js';

const clock = new ManualClock(Date.parse('2025-01-01T00:00:00Z'));
const token = createTestToken({ sub: 'esm', exp: clock.now() / 1000 + 60 }, { secret: 's' });
const handle = guardHandler(
  async (request) => json(200, { sub: verifyToken(request.header('authorization'), { secret: 's', now: clock.now() }).sub }),
  (error) => json(401, { detail: error.message }),
);
const running = await startHttpServer({ handle });
const answer = await (await fetch(`${running.origin}/x`, { headers: { authorization: token } })).json();
await running.close();
if (answer.sub !== 'esm') throw new Error(`ESM build: unexpected answer ${JSON.stringify(answer)}`);
if (mswHandlers({ patterns: ['https://x.test/*'], handle }).length !== 1) throw new Error('ESM build: no msw handler');
console.log('ESM build: a real call works');
