/** The same app built from `@x/pro-import-client/core`: the car namespace over a runtime, not the whole client. */
import { CarNamespace, createProImportRuntime } from '@x/pro-import-client/core';

type CarCreateBody = Parameters<CarNamespace['create']>[0];

export async function run(token: string, ad: CarCreateBody): Promise<unknown> {
  const car = new CarNamespace(createProImportRuntime({ token }));
  await car.create(ad);
  return car.get(ad.source_id);
}
