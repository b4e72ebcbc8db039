import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../src/conformance/suite.js';
import { startFakeServer, type RunningFakeServer } from '../src/server.js';

describe('conformance suite against the fake over real HTTP', () => {
  let running: RunningFakeServer;
  beforeAll(async () => {
    running = await startFakeServer({ port: 0, fakeOptions: { latencyMs: 0 } });
  });
  afterAll(() => running.close());

  it('passes with a dealer_group token and --dealer-code as well', async () => {
    const token = running.fake.token({ scope: 'dealer_group', dealer_group: 'G9', dealer_codes: ['D8', 'D9'] });
    const report = await runConformance({ baseUrl: running.baseUrl, token, dealerCode: 'D9' });
    expect(report.results.filter((r) => r.outcome === 'fail')).toEqual([]);
    expect(running.fake.listAds().filter((ad) => ad.dealer_code === 'D9').length).toBeGreaterThan(0);
  });

  it('passes every check, including the fake-only and charged ones', async () => {
    const token = running.fake.token({ scope: 'dealer_code', dealer_code: 'D1' });
    const lines: string[] = [];
    const report = await runConformance({
      baseUrl: running.baseUrl,
      token,
      print: (l) => lines.push(l),
      pollMs: 5,
    });
    expect(lines.filter((l) => !l.startsWith('PASS'))).toEqual([]);
    expect(report.failed).toBe(0);
    expect(report.skipped).toBe(0);
    expect(report.passed).toBeGreaterThan(20);
    expect(lines.join('\n')).not.toContain(token);
  });

  it('fails a check when the server misbehaves (a 503 on POST /v4/car) and names it', async () => {
    const token = running.fake.token({ scope: 'dealer_code', dealer_code: 'D1' });
    running.fake.faults.schedule({ method: 'POST', path: '/v4/car', status: 503, count: 100 });
    const report = await runConformance({ baseUrl: running.baseUrl, token, pollMs: 5 });
    running.fake.faults.clear();
    expect(report.failed).toBeGreaterThan(0);
    expect(report.results.find((r) => r.name.startsWith('create: 201'))).toMatchObject({
      outcome: 'fail',
      message: expect.stringContaining('got 503'),
    });
  });
});

describe('conformance suite setup errors', () => {
  it('an unreachable server is one clear error, not a FAIL per check', async () => {
    await expect(
      runConformance({ baseUrl: 'http://127.0.0.1:1/pro-import-api', token: 'secret-token' }),
    ).rejects.toThrow(
      /^Cannot reach http:\/\/127\.0\.0\.1:1\/pro-import-api \(.+\)\. Is the server running\? Check --base-url\.$/,
    );
  });
});

describe('the suite never uses a plate a real vehicle can have', () => {
  it('gives every registered-vehicle ad an IV plate, and the bodies stay valid', async () => {
    const { fictitiousPlates } = await import('../src/conformance/suite.js');
    const { createAdFactory } = await import('../src/factories.js');
    const { validatePayload } = await import('@x/pro-import-client/validators');
    const factory = fictitiousPlates(createAdFactory({ seed: 7 }));
    const plates = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      const body = factory.buildAd('car') as { category_fields: { registration_number: string } };
      expect(body.category_fields.registration_number).toMatch(/^IV\d{5}$/);
      plates.add(body.category_fields.registration_number);
      expect(validatePayload('car', 'create', body).success).toBe(true);
    }
    expect(plates.size).toBe(20);
    const boat = factory.buildAd('boat') as { category_fields: Record<string, unknown> };
    expect(boat.category_fields.registration_number).toBeUndefined();
  });
});
