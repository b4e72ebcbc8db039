/** A plain node:http server that answers every request with one fixed JSON body: the floor any server has. */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { reportReady } from '../child.js';

const bodyFile = process.argv[2];
if (bodyFile === undefined) throw new Error('usage: static-json.ts <file with the JSON body>');
const body = readFileSync(bodyFile);
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    response.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  reportReady({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
