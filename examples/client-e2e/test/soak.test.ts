import { expect, it } from 'vitest';
import { formatSoak, runSoak } from '../bench/soak.js';

// The soak benchmark (`pnpm bench`) in small: it keeps working, and through 30% faults nothing is lost, nothing is
// done twice and no create that happened is reported as failed. The bench prints the figures for 1,000 ads.
it('a small soak through 30% faults: nothing lost or duplicated, no false failure of a create', async () => {
  const report = await runSoak({
    count: 40,
    concurrency: 20,
    seed: 7,
    latencyMs: 0,
    retry: { retries: 3, minDelayMs: 1, maxDelayMs: 1_500 },
    wait: { intervalMs: 10, backoff: 1.5, maxIntervalMs: 50, timeoutMs: 20_000 },
  });
  const printed = formatSoak(report).join('\n');
  expect(report.create.lost, printed).toBe(0);
  expect(report.create.duplicated, printed).toBe(0);
  expect(report.create.falseFailures, printed).toBe(0);
  expect(report.delete.lost, printed).toBe(0);
  expect(report.delete.duplicated, printed).toBe(0);
  expect(report.create.attempted).toBe(40);
  const faulted = Object.values(report.faults).reduce((a, b) => a + b, 0);
  expect(faulted / report.requests, printed).toBeGreaterThan(0.15);
}, 60_000);
