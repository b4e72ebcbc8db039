import type { HttpHandler } from 'msw';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createKleinanzeigenFake,
  type KleinanzeigenSnapshot,
  type PublicationStatus,
  type RejectionRule,
} from '../src/index.js';
import { kleinanzeigenHandlers } from '../src/msw.js';
import { startKleinanzeigenServer, type RunningKleinanzeigenServer } from '../src/server.js';

describe('public types', () => {
  it('clients need an id and a secret; the user id is optional', () => {
    createKleinanzeigenFake({ clients: [{ clientId: 'a', clientSecret: 'b' }] });
    createKleinanzeigenFake({ clients: [{ clientId: 'a', clientSecret: 'b', userId: 'u' }] });
    // @ts-expect-error a client needs its secret
    createKleinanzeigenFake({ clients: [{ clientId: 'a' }] });
  });

  it('the fake exposes an advanceable clock, faults with rejections, and snapshots', () => {
    const fake = createKleinanzeigenFake();
    expectTypeOf(fake.clock.advance).toEqualTypeOf<(ms: number) => void>();
    expectTypeOf(fake.snapshot()).toEqualTypeOf<KleinanzeigenSnapshot>();
    expectTypeOf(fake.faults.rejectPublications).parameter(0).toEqualTypeOf<RejectionRule | undefined>();
    // @ts-expect-error 418 cannot be injected
    fake.faults.schedule({ status: 418 });
    expectTypeOf<KleinanzeigenSnapshot['publications'][number]['status']>().toEqualTypeOf<PublicationStatus>();
  });

  it('both faces', () => {
    expectTypeOf(kleinanzeigenHandlers(createKleinanzeigenFake())).toEqualTypeOf<HttpHandler[]>();
    expectTypeOf(startKleinanzeigenServer).returns.resolves.toEqualTypeOf<RunningKleinanzeigenServer>();
  });
});
