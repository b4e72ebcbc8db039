import type { HttpHandler } from 'msw';
import { describe, expectTypeOf, it } from 'vitest';
import type { components } from '@x/pro-import-client';
import {
  buildAd,
  createAdFactory,
  createFake,
  createTestToken,
  type CreateBody,
  type FakeSnapshot,
  type TokenClaims,
} from '../src/index.js';
import { proImportHandlers } from '../src/msw.js';
import { startFakeServer, type RunningFakeServer } from '../src/server.js';

describe('public types', () => {
  it('token claims need the fields of their scope', () => {
    expectTypeOf(createTestToken).parameter(0).toEqualTypeOf<TokenClaims>();
    // @ts-expect-error a dealer_group token needs dealer_group and dealer_codes
    createTestToken({ scope: 'dealer_group', dealer_code: 'D1' });
    // @ts-expect-error a dealer_code token needs dealer_code
    createTestToken({ scope: 'dealer_code' });
  });

  it('the fake exposes an advanceable clock, faults and snapshots', () => {
    const fake = createFake();
    expectTypeOf(fake.clock.advance).toEqualTypeOf<(ms: number) => void>();
    expectTypeOf(fake.snapshot()).toEqualTypeOf<FakeSnapshot>();
    expectTypeOf(fake.faults.schedule).parameter(0).toHaveProperty('status');
    // @ts-expect-error 418 cannot be injected
    fake.faults.schedule({ status: 418 });
  });

  it('both faces', () => {
    expectTypeOf(proImportHandlers(createFake())).toEqualTypeOf<HttpHandler[]>();
    expectTypeOf(startFakeServer).returns.resolves.toEqualTypeOf<RunningFakeServer>();
  });

  it("factories carry the client's request types for literal vehicle types", () => {
    expectTypeOf(buildAd('car')).toEqualTypeOf<CreateBody<'car'>>();
    // The car catalogue is reconstructed, so the brand is any string (known brands autocomplete).
    expectTypeOf<NonNullable<ReturnType<typeof buildAd<'car'>>['category_fields']['brand']>>().toEqualTypeOf<string>();
    expectTypeOf(buildAd('agriculture-tools')).toEqualTypeOf<
      components['schemas']['AgricultureToolsRequest']
    >();
    expectTypeOf(buildAd('car' as string)).toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf(createAdFactory().buildV3Ad()).toEqualTypeOf<components['schemas']['V3AdRequest']>();
  });
});
