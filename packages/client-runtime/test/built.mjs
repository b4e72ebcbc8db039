// The built ESM entry, as users import it: one real call against a local server.
import { createServer } from 'node:http';
import { ApiHttpError, createRuntime, staticToken } from '../dist/index.js';

const server = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ path: req.url, key: req.headers['x-key'] }));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const errors = { response: (i) => new ApiHttpError('x', i), timeout: (m, w) => new ApiHttpError(m, w), transport: (m, i) => new ApiHttpError(m, i), validation: (i) => new ApiHttpError('x', i) };
const rt = createRuntime({ baseUrl: `http://127.0.0.1:${server.address().port}`, auth: staticToken({ header: 'X-Key', token: 'k-12345678', what: 't' }), errors, fetch: (r) => fetch(r), timeoutMs: 5000, retry: false });
const answer = await rt.call({ operationId: 'x', namespace: 'x', methodName: 'get', method: 'GET', path: '/v1/{id}', pathParams: ['id'], queryParams: [], body: false, retry: 'idempotent' }, { path: { id: 'esm' } });
const meta = await rt.call({ operationId: 'x', namespace: 'x', methodName: 'get', method: 'GET', path: '/v1/{id}', pathParams: ['id'], queryParams: [], body: false, retry: 'idempotent' }, { path: { id: 'meta' } }).withResponse();
server.close();
if (meta.status !== 200 || meta.attempts !== 1 || meta.data.path !== '/v1/meta') throw new Error(`ESM build: withResponse() answered ${JSON.stringify(meta)}`);
if (answer.path !== '/v1/esm' || answer.key !== 'k-12345678') throw new Error(`ESM build: unexpected answer ${JSON.stringify(answer)}`);
console.log('ESM build: a real call and withResponse() work');
