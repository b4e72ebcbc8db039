// pg-boss is CommonJS (`export =`): one import here, so every module uses the same binding in both builds.
import PgBossModule from 'pg-boss';

export const PgBoss = PgBossModule;
export type PgBoss = PgBossModule;
export type BossJob<T> = PgBossModule.JobWithMetadata<T>;
