import { describe, expect, it } from 'vitest';
import { createClock, ManualClock, RealClock } from '../src/index.js';

describe('ManualClock', () => {
  it('runs due tasks in time order (ties in scheduling order), including tasks scheduled by tasks', () => {
    const clock = new ManualClock(1_000);
    const ran: string[] = [];
    clock.schedule(100, () => ran.push(`b@${clock.now()}`));
    clock.schedule(50, () => {
      ran.push(`a@${clock.now()}`);
      clock.schedule(50, () => ran.push(`c@${clock.now()}`));
    });
    clock.advance(49);
    expect(ran).toEqual([]);
    expect(clock.pending()).toBe(2);
    clock.advance(51);
    expect(ran).toEqual(['a@1050', 'b@1100', 'c@1100']);
    expect(clock.now()).toBe(1_100);
  });

  it('runAll advances to the last task; cancelAll forgets them; setNow jumps without running', () => {
    const clock = new ManualClock(0);
    const ran: number[] = [];
    clock.schedule(10, () => ran.push(clock.now()));
    clock.schedule(30, () => ran.push(clock.now()));
    clock.runAll();
    expect([ran, clock.now()]).toEqual([[10, 30], 30]);
    clock.schedule(5, () => ran.push(-1));
    clock.cancelAll();
    clock.setNow(1_000);
    clock.advance(100);
    expect([ran, clock.now(), clock.pending()]).toEqual([[10, 30], 1_100, 0]);
  });

  it('refuses to go backwards and stops a task that reschedules forever', () => {
    const clock = new ManualClock(0);
    expect(() => clock.advance(-1)).toThrow('clock.advance(ms): ms must be a finite number >= 0, got -1');
    const again = () => clock.schedule(1, again);
    again();
    expect(() => clock.runAll(20)).toThrow('still 1 tasks after 20 steps; a task keeps rescheduling itself');
  });
});

describe('RealClock', () => {
  it('runs tasks on timers and cannot be advanced', async () => {
    const clock = new RealClock();
    const done = new Promise<number>((resolve) => clock.schedule(5, () => resolve(clock.pending())));
    expect(clock.pending()).toBe(1);
    expect(await done).toBe(0);
    expect(() => clock.advance(1)).toThrow('clock.advance() needs the manual clock');
    expect(() => clock.runAll()).toThrow('needs the manual clock');
  });

  it('cancelAll stops pending timers', async () => {
    const clock = new RealClock();
    let ran = false;
    clock.schedule(1, () => (ran = true));
    clock.cancelAll();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([ran, clock.pending()]).toEqual([false, 0]);
  });
});

describe('createClock', () => {
  it('is a manual clock by default, at the given start (epoch ms or ISO)', () => {
    const clock = createClock({ startTime: '2025-01-01T00:00:00Z' });
    expect(clock).toBeInstanceOf(ManualClock);
    expect(clock.now()).toBe(Date.parse('2025-01-01T00:00:00Z'));
    expect(createClock({ clock: 'manual', startTime: 5 }).now()).toBe(5);
  });

  it('gives the real clock or the clock it is handed', () => {
    expect(createClock({ clock: 'real' })).toBeInstanceOf(RealClock);
    const own = new ManualClock(7);
    expect(createClock({ clock: own })).toBe(own);
  });

  it('names the caller when the start time is not a date', () => {
    expect(() => createClock({ startTime: 'soon', where: 'createFake' })).toThrow(
      'createFake: startTime "soon" is not a date',
    );
  });
});

describe('ManualClock order with many tasks (its queue is a heap)', () => {
  it('runs thousands of tasks, scheduled in random order and from inside tasks, by time and then by scheduling order', () => {
    const clock = new ManualClock(0);
    let state = 7;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const ran: Array<{ at: number; id: number }> = [];
    const expected: Array<{ at: number; id: number }> = [];
    let ids = 0;
    const add = (delay: number, depth: number) => {
      const id = ids++;
      const at = clock.now() + delay;
      expected.push({ at, id });
      clock.schedule(delay, () => {
        ran.push({ at: clock.now(), id });
        if (depth < 2 && random() < 0.3) add(Math.floor(random() * 50), depth + 1);
      });
    };
    for (let i = 0; i < 3000; i += 1) add(Math.floor(random() * 1000), 0);
    expect(clock.pending()).toBe(3000);
    clock.advance(400);
    clock.runAll();
    expect(clock.pending()).toBe(0);
    expect(ran).toHaveLength(expected.length);
    // Every task ran at its own time, never before an earlier one, and tasks due together ran in scheduling order.
    for (const task of ran) expect(task.at).toBe(expected[task.id]?.at);
    for (let i = 1; i < ran.length; i += 1) {
      const [a, b] = [ran[i - 1], ran[i]] as [{ at: number; id: number }, { at: number; id: number }];
      expect(a.at < b.at || (a.at === b.at && a.id < b.id)).toBe(true);
    }
  });
});
