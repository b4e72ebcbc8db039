// createKleinanzeigenClient() without credentials: KLEINANZEIGEN_CLIENT_ID and KLEINANZEIGEN_CLIENT_SECRET from the
// environment (process.env, or Deno.env), a token fetched from the HTTP fake; then the one-line error without them.
'use strict';

const setEnv = require('../set-env.cjs');

module.exports = async function probe(load) {
  const { createKleinanzeigenClient } = await load('@x/kleinanzeigen-client');
  const { startKleinanzeigenServer } = await load('@x/kleinanzeigen-testkit/server');
  const credentials = { clientId: 'release-check-env', clientSecret: 'release-check-env-secret' };
  const running = await startKleinanzeigenServer({ port: 0, fakeOptions: { latencyMs: 0, clients: [credentials] } });
  try {
    setEnv('KLEINANZEIGEN_CLIENT_ID', credentials.clientId);
    setEnv('KLEINANZEIGEN_CLIENT_SECRET', credentials.clientSecret);
    const client = createKleinanzeigenClient({ baseUrl: running.baseUrl, tokenUrl: running.tokenUrl });
    const { uuid } = await client.imprints.create({ content: 'Env GmbH, Berlin' });
    setEnv('KLEINANZEIGEN_CLIENT_SECRET', undefined);
    let message = '';
    try {
      createKleinanzeigenClient();
    } catch (error) {
      message = error.message;
    }
    if (message !== 'createKleinanzeigenClient: no clientSecret: pass { clientSecret } or set the environment variable KLEINANZEIGEN_CLIENT_SECRET') throw new Error(`without the secret: "${message}"`);
    return `env credentials: imprint ${uuid.slice(0, 8)}… with a token for KLEINANZEIGEN_CLIENT_ID; unset: "${message}"`;
  } finally {
    setEnv('KLEINANZEIGEN_CLIENT_ID', undefined);
    setEnv('KLEINANZEIGEN_CLIENT_SECRET', undefined);
    await running.close();
  }
};
