import { expect, it } from 'vitest';
import { runFleetDemo } from '../src/fleet-demo.js';

it('20 dealers on two workers: the status after the first sync and after a second one with changes', async () => {
  const lines: string[] = [];
  const { tables, workerExitCodes } = await runFleetDemo((line) => lines.push(line));
  expect(workerExitCodes).toEqual([0, 0]);
  const [first, second] = tables as [string[], string[]];
  expect(first.at(-1)).toBe('20 dealer(s): 20 done');
  expect(first.find((l) => l.startsWith('D01 '))).toMatch(/^D01 +pro-import +done +\S+ \S+ +[\d.]+ s +5 +0 +0 +0 +0 +0$/);
  expect(second.at(-1)).toBe('20 dealer(s): 20 done');
  expect(second.find((l) => l.startsWith('D01 '))).toMatch(/ +0 +2 +0 +3 +0 +0$/);
  expect(second.find((l) => l.startsWith('D02 '))).toMatch(/ +0 +0 +1 +5 +0 +0$/);
  expect(second.find((l) => l.startsWith('D03 '))).toMatch(/ +1 +0 +0 +7 +0 +0$/);
  expect(second.find((l) => l.startsWith('D04 '))).toMatch(/ +0 +0 +0 +8 +0 +0$/);
  // Both workers took jobs.
  expect(lines.some((l) => l.startsWith('[worker 1] D'))).toBe(true);
  expect(lines.some((l) => l.startsWith('[worker 2] D'))).toBe(true);
  expect(lines.filter((l) => /pro-import: failed/.test(l))).toEqual([]);
});
