(async () => {
// The built CommonJS entries, as users require() them: one real call through the HTTP face.
const { createTestToken, guardHandler, json, ManualClock, startHttpServer, verifyToken } = require('../dist/index.cjs');
const { mswHandlers } = require('../dist/msw.cjs');

const clock = new ManualClock(Date.parse('2025-01-01T00:00:00Z'));
const token = createTestToken({ sub: 'cjs', exp: clock.now() / 1000 + 60 }, { secret: 's' });
const handle = guardHandler(
  async (request) => json(200, { sub: verifyToken(request.header('authorization'), { secret: 's', now: clock.now() }).sub }),
  (error) => json(401, { detail: error.message }),
);
const running = await startHttpServer({ handle });
const answer = await (await fetch(`${running.origin}/x`, { headers: { authorization: token } })).json();
await running.close();
if (answer.sub !== 'cjs') throw new Error(`CJS build: unexpected answer ${JSON.stringify(answer)}`);
if (mswHandlers({ patterns: ['https://x.test/*'], handle }).length !== 1) throw new Error('CJS build: no msw handler');
console.log('CJS build: a real call works');
})().catch((error) => { console.error(error); process.exit(1); });
