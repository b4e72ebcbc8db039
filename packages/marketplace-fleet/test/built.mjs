// The built ESM entries, as users import them (see built-check.cjs).
import * as fleet from '../dist/index.js';
import * as localPostgres from '../dist/local-postgres.js';
import builtCheck from './built-check.cjs';

await builtCheck.checkBuild('esm', fleet, localPostgres);
console.log('ESM build: local PostgreSQL, migrate, enqueue, a worker syncing a dealer, and status work');
