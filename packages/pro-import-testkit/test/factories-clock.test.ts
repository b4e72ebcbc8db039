import { validatePayload } from '@x/pro-import-client/validators';
import { describe, expect, it } from 'vitest';
import { buildAd, createAdFactory, ManualClock, VEHICLE_TYPES } from '../src/index.js';

describe('factories', () => {
  it.each(VEHICLE_TYPES.map((t) => [t]))('buildAd("%s") is valid by construction', (type) => {
    expect(validatePayload(type, 'create', buildAd(type)).success).toBe(true);
  });

  it('buildV3Ad is a valid V3 body', () => {
    expect(validatePayload('v3', 'create', createAdFactory().buildV3Ad()).success).toBe(true);
  });

  it('is deterministic for a seed and gives a fresh source_id each time', () => {
    const a = createAdFactory({ seed: 9 });
    const b = createAdFactory({ seed: 9 });
    const first = a.buildAd('car');
    expect(b.buildAd('car')).toEqual(first);
    expect(a.buildAd('car').source_id).not.toBe(first.source_id);
    expect(createAdFactory({ seed: 10 }).buildAd('car').source_id).not.toBe(first.source_id);
  });

  it('deep-merges overrides (nested objects merge, arrays replace, null is kept)', () => {
    const ad = createAdFactory().buildAd('car', {
      category_fields: { mileage: 7 },
      price: [{ type: 'list', amount: 1, currency: 'SEK' }],
      url: null,
    });
    expect(ad.category_fields).toMatchObject({ mileage: 7, brand: 'volvo' });
    expect(ad.price).toEqual([{ type: 'list', amount: 1, currency: 'SEK' }]);
    expect(ad.url).toBeNull();
  });

  it('names the vehicle types when given an unknown one', () => {
    expect(() => buildAd('spaceship')).toThrow(
      'buildAd("spaceship"): unknown vehicle type; use one of agriculture-thresher',
    );
  });
});

describe('manual clock', () => {
  it('runs due tasks in time order, including tasks scheduled by tasks, only when advanced', () => {
    const clock = new ManualClock(0);
    const ran: string[] = [];
    clock.schedule(200, () => ran.push(`b@${clock.now()}`));
    clock.schedule(100, () => {
      ran.push(`a@${clock.now()}`);
      clock.schedule(50, () => ran.push(`c@${clock.now()}`));
    });
    clock.advance(99);
    expect(ran).toEqual([]);
    clock.advance(101);
    expect(ran).toEqual(['a@100', 'c@150', 'b@200']);
    expect(clock.now()).toBe(200);
  });

  it('runAll stops a task that reschedules forever, saying so', () => {
    const clock = new ManualClock(0);
    const again = () => clock.schedule(1, again);
    again();
    expect(() => clock.runAll(50)).toThrow('keeps rescheduling itself');
  });

  it('refuses to go backwards', () => {
    expect(() => new ManualClock(0).advance(-1)).toThrow('ms must be a finite number >= 0, got -1');
  });
});
