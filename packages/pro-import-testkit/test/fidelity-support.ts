import { createFake, handleRequest, type ProImportFake } from '../src/index.js';
import { RESOURCES } from '../src/generated/resources.gen.js';

export { createAdFactory, createFake } from '../src/index.js';

/** Every vehicle type of the snapshot with its registered flag (api.config.json, through the generated facts). */
export const RESOURCES_FOR_TESTS = Object.entries(RESOURCES)
  .map(([name, facts]) => ({ name, registered: facts.registered }))
  .sort((a, b) => (a.name < b.name ? -1 : 1));

/** One request to a fake that no msw server serves (a second fake of a test: a strict one). */
export async function callFake(fake: ProImportFake, method: string, path: string, body: unknown, token: string): Promise<{ status: number; body: unknown }> {
  const headers = new Map([['x-auth-token', token], ['content-type', 'application/json']]);
  const response = await handleRequest(fake, {
    method,
    url: `https://api.blocket.se/pro-import-api${path}`,
    header: (name) => headers.get(name.toLowerCase()) ?? null,
    body: body === undefined ? null : new TextEncoder().encode(JSON.stringify(body)),
  });
  return { status: response.status, body: JSON.parse(response.body) as unknown };
}

export type { ProImportFake };
export const strictFake = (): ProImportFake => createFake({ strict: true });
