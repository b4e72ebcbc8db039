import { registerDealers, sendingBoss } from './enqueue.js';
import type { FleetConfig } from './config.js';
import { assertMigrated, createPool, SCHEDULE_QUEUE } from './db.js';

/** A schedule that cannot be kept: one line. */
export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}

const EVERY_HINT = 'a number of minutes dividing an hour (1m, 5m, 10m, 15m, 20m, 30m) or of hours dividing a day (1h, 2h, 3h, 4h, 6h, 8h, 12h, 24h)';

/**
 * The cron expression (UTC, minute precision: pg-boss's cron) of `--every`: `15m` -> `*\/15 * * * *`, `2h` ->
 * `0 *\/2 * * *`, `24h` -> `0 0 * * *`. Intervals that do not divide an hour or a day have no cron form and are refused.
 *
 * @example
 * cronOf('15m'); // '*\/15 * * * *'
 */
export function cronOf(every: string): string {
  const match = /^\s*(\d+)\s*(m|min|h|d)\s*$/i.exec(every);
  if (match === null) throw new ScheduleError(`--every ${every}: must be ${EVERY_HINT}`);
  const n = Number(match[1]);
  const unit = (match[2] as string).toLowerCase();
  const minutes = unit === 'h' ? n * 60 : unit === 'd' ? n * 1440 : n;
  if (minutes >= 1 && minutes < 60 && 60 % minutes === 0) return minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`;
  if (minutes >= 60 && minutes <= 1440 && minutes % 60 === 0 && 1440 % minutes === 0) {
    const hours = minutes / 60;
    return hours === 24 ? '0 0 * * *' : hours === 1 ? '0 * * * *' : `0 */${hours} * * *`;
  }
  throw new ScheduleError(`--every ${every}: must be ${EVERY_HINT}`);
}

/** What the schedule is now. */
export type ScheduleResult = { cron: string | null; every?: string };

/**
 * Sets (or with `off`, removes) the schedule: pg-boss's cron puts a job on `fleet-schedule` at each tick, and a
 * worker turns it into one sync job per dealer the database knows (and every dealer of that worker's config), skipping
 * dealers already queued or running. Cron runs inside the workers: at least one must be running.
 *
 * @example
 * await schedule({ databaseUrl, every: '15m' });
 */
export async function schedule(options: { databaseUrl: string; every?: string; cron?: string; off?: boolean; config?: FleetConfig }): Promise<ScheduleResult> {
  const chosen = [options.every !== undefined, options.cron !== undefined, options.off === true].filter(Boolean).length;
  if (chosen !== 1) throw new ScheduleError('give one of --every <interval>, --cron <expression> or --off');
  const cron = options.off ? null : (options.cron ?? cronOf(options.every as string));
  const pool = createPool(options.databaseUrl, { max: 2, applicationName: 'marketplace-fleet schedule' });
  try {
    await assertMigrated(pool);
    if (options.config) await registerDealers(pool, options.config.dealers);
    const boss = await sendingBoss(pool);
    try {
      if (cron === null) await boss.unschedule(SCHEDULE_QUEUE);
      else {
        try {
          await boss.schedule(SCHEDULE_QUEUE, cron, {}, { tz: 'UTC', singletonKey: 'tick' });
        } catch (error) {
          throw new ScheduleError(`--cron ${cron}: not a cron expression pg-boss accepts (${(error as Error).message})`);
        }
      }
    } finally {
      await boss.stop({ graceful: false, close: false, wait: true });
    }
    return { cron, ...(options.every ? { every: options.every } : {}) };
  } finally {
    await pool.end();
  }
}
