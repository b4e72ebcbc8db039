import { expect, it } from 'vitest';
import { runStockSync } from '../src/stock-sync.js';

it('first sync, a price change, a sold car removed, and a re-run that sends nothing', async () => {
  const lines: string[] = [];
  const { codes, requests } = await runStockSync((line) => lines.push(line));
  expect(codes).toEqual([0, 0, 0, 0]);
  const writes = requests.map((step) => step.filter((r) => !r.startsWith('GET ')).map((r) => r.replace(/\/[^/]+$/, '/{id}')));
  expect(writes[0]).toEqual(['POST /v4/car', 'POST /v4/car', 'POST /v4/car', 'POST /v4/car', 'POST /v4/boat'].map((r) => r.replace(/\/[^/]+$/, '/{id}')));
  expect(writes[1]).toEqual(['PATCH /v4/car/{id}']);
  expect(writes[2]).toEqual(['DELETE /v4/ad/{id}']);
  expect(requests[3]).toEqual(['GET /v4/ad']);
  expect(lines.join('\n')).toContain('exit 0; requests: GET /v4/ad');
});
