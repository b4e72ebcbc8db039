// createProImportClient() with nothing passed: PRO_IMPORT_TOKEN and PRO_IMPORT_BASE_URL from the environment (the
// runtime's own: process.env, or Deno.env), a real call to the HTTP fake; then the one-line error without them.
'use strict';

const setEnv = require('../set-env.cjs');

module.exports = async function probe(load) {
  const { createProImportClient } = await load('@x/pro-import-client');
  const { startFakeServer } = await load('@x/pro-import-testkit/server');
  const running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 } });
  try {
    setEnv('PRO_IMPORT_TOKEN', running.fake.token({ scope: 'dealer_code', dealer_code: 'RC1' }));
    setEnv('PRO_IMPORT_BASE_URL', running.baseUrl);
    const page = await createProImportClient().car.list();
    setEnv('PRO_IMPORT_TOKEN', undefined);
    let message = '';
    try {
      createProImportClient();
    } catch (error) {
      message = error.message;
    }
    if (message !== 'createProImportClient: no token: pass { token } or set the environment variable PRO_IMPORT_TOKEN') throw new Error(`without the variable: "${message}"`);
    return `env credentials: listed ${page.count} cars from the fake; unset: "${message}"`;
  } finally {
    setEnv('PRO_IMPORT_TOKEN', undefined);
    setEnv('PRO_IMPORT_BASE_URL', undefined);
    await running.close();
  }
};
