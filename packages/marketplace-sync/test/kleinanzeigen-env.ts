import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKleinanzeigenClient } from '@x/kleinanzeigen-client';
import { startKleinanzeigenServer, type RunningKleinanzeigenServer } from '@x/kleinanzeigen-testkit/server';
import { main } from '../src/cli/main.js';
import { countingProxy, tempDir, writeNdjson, type Ad, type Proxy } from './helpers.js';

const IMAGES = new URL('../../../examples/kleinanzeigen-quickstart/images/', import.meta.url);
export const SECRET = 'local-secret-1234567';

/** The Kleinanzeigen fake behind a proxy, an image host, an imprint, and the CLI run against them. */
export type KaEnv = {
  running: RunningKleinanzeigenServer;
  proxy: Proxy;
  /** Base URL of the image host: `/<anything>.jpg` is a JPEG, `.png` a PNG, `/missing/...` answers 404, `/text/...` is not an image. */
  images: string;
  imprintUuid: string;
  dir: string;
  run(feed: readonly Ad[], args?: string[], options?: { imprint?: boolean; journal?: string }): Promise<{ code: number; out: string[]; err: string[] }>;
  /** The account's listings that are not deleted, by customReference. */
  live(): Map<string, Array<Record<string, unknown>>>;
  /** The publications of a listing. */
  publications(listingUuid: string): Array<Record<string, unknown>>;
  /** Writes (not GETs, not tokens), ids as `:id`. */
  writes(): string[];
  close(): Promise<void>;
};

export async function startKa(): Promise<KaEnv> {
  const running = await startKleinanzeigenServer({ port: 0, fakeOptions: { clients: [{ clientId: 'shop', clientSecret: SECRET }], latencyMs: 0 } });
  const proxy = await countingProxy(running.baseUrl);
  const imageServer: Server = createServer((req, res) => {
    const url = req.url ?? '';
    if (url.startsWith('/missing/')) {
      res.writeHead(404);
      res.end('no such image');
      return;
    }
    if (url.startsWith('/text/')) {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html>not an image</html>');
      return;
    }
    const name = url.endsWith('.png') ? 'back.png' : 'front.jpg';
    res.writeHead(200, { 'Content-Type': name.endsWith('png') ? 'image/png' : 'image/jpeg' });
    res.end(readFileSync(new URL(name, IMAGES)));
  });
  await new Promise<void>((resolve) => imageServer.listen(0, '127.0.0.1', resolve));
  const images = `http://127.0.0.1:${(imageServer.address() as { port: number }).port}`;
  const client = createKleinanzeigenClient({ clientId: 'shop', clientSecret: SECRET, baseUrl: running.baseUrl, tokenUrl: running.tokenUrl });
  const imprintUuid = (await client.imprints.create({ content: 'Bilhandel GmbH, Hauptstraße 1, Berlin' })).uuid;
  const dir = tempDir();
  let feeds = 0;
  return {
    running,
    proxy,
    images,
    imprintUuid,
    dir,
    async run(feed, args = [], options = {}) {
      const out: string[] = [];
      const err: string[] = [];
      feeds += 1;
      const file = writeNdjson(join(dir, `feed-${feeds}.ndjson`), feed);
      const code = await main(
        [
          '--marketplace',
          'kleinanzeigen',
          '--feed',
          file,
          '--base-url',
          proxy.url,
          '--token-url',
          running.tokenUrl,
          '--journal',
          join(dir, options.journal ?? 'ka.journal'),
          ...(options.imprint === false ? [] : ['--imprint-uuid', imprintUuid]),
          ...args,
        ],
        { out: (l) => out.push(l), err: (l) => err.push(l), isTty: false, env: { KLEINANZEIGEN_CLIENT_ID: 'shop', KLEINANZEIGEN_CLIENT_SECRET: SECRET }, cwd: dir },
      );
      return { code, out, err };
    },
    live() {
      const byReference = new Map<string, Array<Record<string, unknown>>>();
      for (const listing of running.fake.listListings()) {
        if (listing.deleted === true) continue;
        const reference = String(listing.customReference);
        byReference.set(reference, [...(byReference.get(reference) ?? []), listing]);
      }
      return byReference;
    },
    publications(listingUuid) {
      return running.fake.snapshot().publications.filter((p) => p.listingUuid === listingUuid).map((p) => running.fake.getPublication(p.uuid) ?? {});
    },
    writes() {
      return proxy.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/oidc/token')).map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id')}`);
    },
    async close() {
      await proxy.close();
      await new Promise<void>((resolve) => imageServer.close(() => resolve()));
      await running.close();
    },
  };
}

/** One feed ad per vehicle type for Kleinanzeigen: two images on the image host, a zip code for the publication. */
export function kaAds(ads: readonly Ad[], images: string): Ad[] {
  return ads.map((ad) => ({ ...ad, image_urls: [`${images}/${ad.source_id}/1.jpg`, `${images}/${ad.source_id}/2.png`], location: { zipcode: '10115' } }));
}
