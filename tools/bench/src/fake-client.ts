/** Talking to a fake child over HTTP with plain fetch: seeding ads and reading answers as bytes. */
import { createAdFactory } from '@x/pro-import-testkit';
import { inParallel } from './measure.js';

export type FakeChild = { baseUrl: string; token: string };

/** Creates `count` cars (`car-<offset + i>`) through POST /v4/car, `concurrency` at a time. */
export async function seedCars(fake: FakeChild, count: number, options: { offset?: number; concurrency?: number; seed?: number } = {}): Promise<void> {
  const factory = createAdFactory({ seed: options.seed ?? 1 });
  const offset = options.offset ?? 0;
  const headers = { 'Content-Type': 'application/json', 'X-Auth-Token': fake.token };
  await inParallel(count, options.concurrency ?? 32, async (i) => {
    const body = JSON.stringify({ ...factory.buildAd('car'), source_id: `car-${offset + i}` });
    const response = await fetch(`${fake.baseUrl}/v4/car`, { method: 'POST', headers, body });
    if (response.status !== 201) throw new Error(`seeding car-${offset + i}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  });
}

/** GET `path` and its body as text (throws unless 200). */
export async function getText(fake: FakeChild, path: string): Promise<string> {
  const response = await fetch(`${fake.baseUrl}${path}`, { headers: { 'X-Auth-Token': fake.token } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${text}`);
  return text;
}
