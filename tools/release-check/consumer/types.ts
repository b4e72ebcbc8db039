// What a TypeScript consumer writes, type-checked against the published declarations under `node16` and `bundler`
// resolution (tsconfig.node16.json, tsconfig.bundler.json).
import { createKleinanzeigenClient, type Listing, type ListingCreateBody } from '@x/kleinanzeigen-client';
import { validatePayload as validateListing } from '@x/kleinanzeigen-client/validators';
import { createKleinanzeigenFake } from '@x/kleinanzeigen-testkit';
import { kleinanzeigenHandlers } from '@x/kleinanzeigen-testkit/msw';
import { startKleinanzeigenServer } from '@x/kleinanzeigen-testkit/server';
import { enqueue, FleetWorker, migrate, parseFleetConfig, status, type DealerStatus, type FleetConfig } from '@x/marketplace-fleet';
import { startLocalPostgres, type LocalPostgres } from '@x/marketplace-fleet/local-postgres';
import { FileJournal, plan, proImportAdapter, sync, type Journal } from '@x/marketplace-sync';
import { createProImportClient, type Ad, type AdList, type CarCreateBody, type ProImportClient } from '@x/pro-import-client';
import { validatePayload } from '@x/pro-import-client/validators';
import { isVehicleType, type VehicleType } from '@x/pro-import-enums';
import { buildAd, createFake } from '@x/pro-import-testkit';
import { proImportHandlers } from '@x/pro-import-testkit/msw';
import { startFakeServer } from '@x/pro-import-testkit/server';

export async function proImport(client: ProImportClient): Promise<string | undefined> {
  const page: AdList = await client.ads.list();
  const first: Ad | undefined = page.results[0] === undefined ? undefined : await client.ads.get(page.results[0].source_id);
  const car: CarCreateBody = buildAd('car');
  // @ts-expect-error a registered vehicle takes no title: the API writes it (the error quotes the rule)
  await client.car.create({ ...car, title: 'Volvo' });
  return first?.source_id;
}

export async function kleinanzeigen(): Promise<Listing> {
  const client = createKleinanzeigenClient();
  const body: ListingCreateBody = { title: 'Lego', category: 'Spielzeug', description: 'Vollständig', price: { type: 'FIXED', amount: 20 } };
  const { uuid } = await client.listings.create(body);
  return client.listings.get(uuid);
}

export function fakes(): number {
  const running: Promise<{ close(): Promise<void> }>[] = [startFakeServer({ port: 0 }), startKleinanzeigenServer({ port: 0 })];
  void running;
  return proImportHandlers(createFake()).length + kleinanzeigenHandlers(createKleinanzeigenFake()).length;
}

export function validators(body: unknown): boolean {
  const type: VehicleType | undefined = isVehicleType('car') ? 'car' : undefined;
  return type !== undefined && validatePayload('car', 'create', body).success && validateListing('listings', 'create', body).success;
}

export const syncParts = { FileJournal, plan, proImportAdapter, sync, client: createProImportClient() };

export function journal(file: string): Journal {
  return FileJournal.open(file, { marketplace: 'pro-import', target: 'https://api.blocket.se/pro-import-api#D1' });
}

export async function fleet(): Promise<DealerStatus[]> {
  const db: LocalPostgres = await startLocalPostgres();
  const config: FleetConfig = parseFleetConfig({ dealers: [{ id: 'D1', marketplace: 'pro-import', tokenEnv: 'D1_TOKEN', feed: 'd1.ndjson' }] });
  await migrate({ databaseUrl: db.url });
  const worker = new FleetWorker({ databaseUrl: db.url, config, concurrency: 2 });
  await worker.start();
  await enqueue({ databaseUrl: db.url, config, dealers: ['D1'] });
  await worker.stop();
  const { dealers } = await status({ databaseUrl: db.url });
  await db.stop();
  // @ts-expect-error a dealer's state is one of queued, running, done, failed, never
  const wrong: DealerStatus['state'] = 'waiting';
  void wrong;
  return dealers;
}
