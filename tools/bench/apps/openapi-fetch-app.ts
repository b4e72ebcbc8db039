/** The same app with openapi-fetch alone: the comparison of the bundle row. */
import type { paths } from '@x/pro-import-client';
import createClient from 'openapi-fetch';

type CarCreateBody = paths['/v4/car']['post']['requestBody']['content']['application/json'];

export async function run(token: string, ad: CarCreateBody): Promise<unknown> {
  const client = createClient<paths>({ baseUrl: 'https://api.blocket.se/pro-import-api', headers: { 'X-Auth-Token': token } });
  await client.POST('/v4/car', { body: ad });
  return (await client.GET('/v4/car/{source_id}', { params: { path: { source_id: ad.source_id } } })).data;
}
