import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '@x/marketplace-sync/cli';
import { startFakeServer } from '@x/pro-import-testkit/server';

const SAMPLE = new URL('../feeds/stock.ndjson', import.meta.url);

type FeedAd = { source_id: string; price?: Array<{ type: string; amount: number }> } & Record<string, unknown>;

/**
 * A dealer's hourly stock sync, four times, against the in-process fake of the Pro Import API: the first sync of the
 * sample feed, a price change, a sold car removed from the feed, and a re-run of an unchanged feed, which sends
 * nothing. Each step runs the real `marketplace-sync` command; `print` gets its output.
 */
export async function runStockSync(print: (line: string) => void = console.log): Promise<{ codes: number[]; requests: string[][] }> {
  const running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 } });
  const dir = mkdtempSync(join(tmpdir(), 'stock-sync-'));
  const feed = join(dir, 'stock.ndjson');
  const stock: FeedAd[] = readFileSync(SAMPLE, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as FeedAd);
  const requests: string[][] = [];
  const codes: number[] = [];
  const seen: string[] = [];
  // Count what reaches the server: the sync's requests are the proof that an unchanged feed sends nothing.
  const server = running.fake;
  const env = { PRO_IMPORT_TOKEN: server.token({ scope: 'dealer_code', dealer_code: 'D1' }) };
  const step = async (title: string, ads: FeedAd[], extra: string[] = []) => {
    print(`\n== ${title}`);
    writeFileSync(feed, `${ads.map((a) => JSON.stringify(a)).join('\n')}\n`);
    seen.length = 0;
    const code = await main(['--feed', feed, '--base-url', running.baseUrl, '--journal', join(dir, 'stock.journal'), ...extra], {
      out: print,
      err: print,
      isTty: false,
      env,
      cwd: dir,
      fetch: (request: Request) => {
        seen.push(`${request.method} ${new URL(request.url).pathname.replace('/pro-import-api', '')}`);
        return fetch(request);
      },
    });
    server.flush(); // the API processes asynchronously; the fake does it now
    codes.push(code);
    requests.push([...seen]);
    print(`exit ${code}; requests: ${seen.length === 0 ? 'none' : seen.map((r) => r.replace(/\/[0-9a-f-]{36}$/, '/{source_id}')).join(', ')}`);
  };
  try {
    await step('first sync of the sample feed', stock);
    const cheaper = stock.map((ad, i) => (i === 0 ? { ...ad, price: [{ type: 'list', amount: 209_900, currency: 'SEK' }] } : ad));
    await step('a price change', cheaper);
    const sold = cheaper.filter((_, i) => i !== 1);
    await step('a sold car removed from the feed (--delete-missing: 1 of 5 live ads, within the default 20% limit)', sold, ['--delete-missing']);
    await step('the same feed again: nothing to send', sold, ['--delete-missing']);
  } finally {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { codes, requests };
}
