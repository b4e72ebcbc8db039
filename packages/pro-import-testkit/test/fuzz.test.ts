import { describe, expect, it } from 'vitest';
import { fuzzProImport } from '../bench/fuzzer.js';

describe('fuzzing the HTTP fake (issue 19, done when)', () => {
  it('1,500 seeded requests of every kind, a fifth with forged tokens: no 5xx, no cross-tenant success', async () => {
    const report = await fuzzProImport({ seed: 19, requests: 1_500 });
    expect(report.serverErrors).toEqual([]);
    expect(report.crossTenant).toEqual([]);
    expect(report.requests).toBe(1_500);
    expect(report.forgedTokens).toBeGreaterThan(200);
    // The run reached the fake's logic, not only its refusals: ads were created, read and changed.
    expect(report.statuses[201]).toBeGreaterThan(50);
    expect(report.statuses[200]).toBeGreaterThan(200);
  }, 120_000);
});
