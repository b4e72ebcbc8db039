/**
 * `pnpm bench` (this package): every row of issue 13's table from one run, each as a ratio to its comparison.
 * `BENCH_ROWS=http,bundle,validators,fake,wait` picks rows; `BENCH_WAIT_COUNT` changes the bulk createAndWait count.
 */
import { bundleRow, type Bundle } from './bundle-row.js';
import { fakeRow } from './fake-row.js';
import { httpRow } from './http-row.js';
import { int, ratio } from './measure.js';
import { validatorsRow } from './validators-row.js';
import { waitRow } from './wait-row.js';

const ROWS = ['http', 'bundle', 'validators', 'fake', 'wait'] as const;
const chosen = new Set((process.env['BENCH_ROWS'] ?? ROWS.join(',')).split(',').map((s) => s.trim()));
const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  console.log(line);
};

console.log(`issue 13 bench on Node ${process.version} (${process.platform} ${process.arch}); ratios compare figures of this run\n`);

if (chosen.has('http')) {
  const row = await httpRow();
  const p50 = (v: keyof typeof row.p50) => `${row.p50[v].toFixed(0)} µs`;
  const raw = row.p50['raw fetch + json()'];
  const timed = row.p50['raw fetch + json(), 30 s timeout'];
  say(
    `GET, loopback p50 over ${row.calls} calls each: client ${p50('client car.get')}, raw fetch + json() ${p50('raw fetch + json()')} -> ${ratio(row.p50['client car.get'], raw)} (goal <= 1.05×); ` +
      `with the same 30 s timeout on raw fetch (${p50('raw fetch + json(), 30 s timeout')}) ${ratio(row.p50['client car.get'], timed)}; client with timeoutMs: Infinity ${p50('client car.get, no timeout')} -> ${ratio(row.p50['client car.get, no timeout'], raw)} of raw fetch; ` +
      `openapi-fetch ${p50('openapi-fetch GET')} (${ratio(row.p50['openapi-fetch GET'], raw)}); p90 client ${row.p90['client car.get'].toFixed(0)} / raw ${row.p90['raw fetch + json()'].toFixed(0)} µs`,
  );
}
if (chosen.has('bundle')) {
  const { ours, core, openapiFetch } = await bundleRow();
  const figures = (b: Bundle) => `${int(b.entry.min)} / ${int(b.entry.gz)} B -> ${ratio(b.entry.min, openapiFetch.entry.min)} / ${ratio(b.entry.gz, openapiFetch.entry.gz)}, plus ${b.chunks} chunks of ${int(b.chunkBytes)} B`;
  say(
    `bundle of a car create+get app (esbuild, browser, min / min+gz of the entry; chunks are emitted files the app may load): openapi-fetch ${int(openapiFetch.entry.min)} / ${int(openapiFetch.entry.gz)} B; ours with @x/pro-import-client/core ${figures(core)}; ours with the whole client ${figures(ours)} (goal <= 1.5× min+gz)`,
  );
}
if (chosen.has('validators')) {
  const v = validatorsRow();
  say(`car create validations/s, valid example: ours ${int(v['ours valid'])}, hand-written zod ${int(v['zod valid'])} -> ${ratio(v['ours valid'], v['zod valid'])} (goal >= 1.0×)`);
  say(
    `car create validations/s, invalid body: ours ${int(v['ours invalid'])} (${int(v['ours invalid, warnings read'])} with the warnings read), hand-written zod ${int(v['zod invalid'])} -> ${ratio(v['ours invalid'], v['zod invalid'])} (${ratio(v['ours invalid, warnings read'], v['zod invalid'])}) (goal >= 1.0×)`,
  );
}
if (chosen.has('fake')) {
  const f = await fakeRow();
  say(
    `fake GET /v4/ad?limit=10 req/s: ${int(f.big)} at ${int(f.ads.big)} ads, ${int(f.small)} at ${int(f.ads.small)} ads (${ratio(f.big, f.small)}), plain node:http ${int(f.plain)} (${ratio(f.big, f.plain)}) (goal >= 5,000 req/s at ${int(f.ads.big)} ads)`,
  );
}
if (chosen.has('wait')) {
  const count = Number(process.env['BENCH_WAIT_COUNT'] ?? 10_000);
  const w = await waitRow({ count });
  say(`${int(w.count)} createAndWait at concurrency ${w.concurrency} against the fake (latency 0, default wait settings): ${w.seconds.toFixed(1)} s (goal <= 20 s for 10,000)`);
}

console.log(`\nsummary\n${lines.map((l) => `- ${l}`).join('\n')}`);
