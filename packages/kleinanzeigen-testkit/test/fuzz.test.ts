import { describe, expect, it } from 'vitest';
import { fuzzKleinanzeigen } from '../bench/fuzzer.js';

describe('fuzzing the HTTP fake (issue 19, done when)', () => {
  it('1,500 seeded requests of every kind, with forged tokens and forged upload URLs: no 5xx, no cross-tenant success', async () => {
    const report = await fuzzKleinanzeigen({ seed: 19, requests: 1_500 });
    expect(report.serverErrors).toEqual([]);
    expect(report.crossTenant).toEqual([]);
    expect(report.requests).toBeGreaterThan(1_300); // a few draws send nothing (an upload before any ticket)
    expect(report.forgedTokens).toBeGreaterThan(150);
    expect(report.forgedUploads).toBeGreaterThan(30);
    // The run reached the fake's logic, not only its refusals.
    expect(report.statuses[201]).toBeGreaterThan(100);
    expect((report.statuses[200] ?? 0) + (report.statuses[204] ?? 0)).toBeGreaterThan(100);
  }, 120_000);
});
