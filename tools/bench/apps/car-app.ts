/** An app that only creates and reads cars, with the whole-client import (the bundle row builds this file). */
import { createProImportClient, type ProImportClient } from '@x/pro-import-client';

type CarCreateBody = Parameters<ProImportClient['car']['create']>[0];

export async function run(token: string, ad: CarCreateBody): Promise<unknown> {
  const client = createProImportClient({ token });
  await client.car.create(ad);
  return client.car.get(ad.source_id);
}
