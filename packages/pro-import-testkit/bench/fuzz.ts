/**
 * The fuzzer of test/fuzz.test.ts, longer: prints how many requests (and forged tokens) it sent, the statuses, and
 * the 5xx and cross-tenant successes it found (both must be 0). Asserts nothing.
 * Run: pnpm --filter @x/pro-import-testkit bench, or alone with
 *   node --conditions=@x/source --import tsx bench/fuzz.ts [--requests 20000] [--seed 1]
 */
import { fuzzProImport } from './fuzzer.js';

const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const report = await fuzzProImport({ seed: flag('seed', 1), requests: flag('requests', 20_000) });
const statuses = Object.entries(report.statuses)
  .map(([status, count]) => `${status}: ${count}`)
  .join(', ');
console.log(`Pro Import fake fuzz: ${report.requests} requests (${report.forgedTokens} with forged tokens); ${statuses}`);
console.log(`  5xx: ${report.serverErrors.length}; cross-tenant successes: ${report.crossTenant.length}`);
for (const line of [...report.serverErrors, ...report.crossTenant].slice(0, 20)) console.log(`  ${line}`);
