import { expect, it } from 'vitest';
import { runQuickstart } from '../src/quickstart.js';

it('runs every step against the fake and prints it', async () => {
  const lines: string[] = [];
  await runQuickstart({ latencyMs: 5, print: (line) => lines.push(line) });
  expect(lines.map((l) => l.split(/[: ]/)[0])).toEqual([
    'fake',
    'creating',
    'published',
    'listed',
    'patched',
    'deleted',
  ]);
  expect(lines[2]).toMatch(/^published: blocket_ad_id \d+, offer_id \d+, title "Volvo XC60/);
  expect(lines[3]).toMatch(/^listed: 1 car\(s\)/);
  expect(lines[4]).toBe('patched: mileage 43500');
  expect(lines[5]).toBe('deleted: state deleted');
});
