import { ConformanceSetupError, runConformance } from '../conformance/suite.js';
import { integerFlag, parseFlags, stringFlag } from '@x/fake-runtime';

const USAGE = `Usage: pnpm conformance --base-url <url> [--token <jwt>] [--dealer-code <code>] [--allow-charges] [--timeout <ms>]

  --base-url       the API, e.g. http://127.0.0.1:4010/pro-import-api or https://api.blocket.se/pro-import-api
  --token          a dealer_code token (or set PRO_IMPORT_TOKEN); never printed
  --dealer-code    with a dealer_group token: the dealer to create the suite's ads for
  --allow-charges  against a real server, also run checks that cost money (visible ads, bump, pole position)
  --timeout        how long to wait for one asynchronous action, in ms (default 180000)`;

/** `pnpm conformance`: one PASS/FAIL line per check, then "N passed, N failed"; exit 1 on any failure. */
export async function main(argv: string[]): Promise<number> {
  const parsed = parseFlags(
    argv,
    {
      'base-url': { type: 'string' },
      token: { type: 'string' },
      'dealer-code': { type: 'string' },
      'allow-charges': { type: 'boolean' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (!parsed.ok) {
    console.error(parsed.message);
    return 2;
  }
  if (parsed.values.help === true) {
    console.log(USAGE);
    return 0;
  }
  const baseUrl = stringFlag(parsed.values, 'base-url');
  const token = stringFlag(parsed.values, 'token') ?? process.env.PRO_IMPORT_TOKEN;
  const timeout = integerFlag('timeout', stringFlag(parsed.values, 'timeout'), 180_000);
  if (baseUrl === undefined || token === undefined || token === '' || typeof timeout === 'string') {
    console.error(
      `${typeof timeout === 'string' ? timeout : 'Give --base-url and --token (or PRO_IMPORT_TOKEN).'}\n\n${USAGE}`,
    );
    return 2;
  }
  let report;
  try {
    report = await runConformance({
      baseUrl,
      token,
      allowCharges: parsed.values['allow-charges'] === true,
      ...(stringFlag(parsed.values, 'dealer-code') === undefined ? {} : { dealerCode: stringFlag(parsed.values, 'dealer-code') }),
      actionTimeoutMs: timeout,
      print: (line) => console.log(line),
    });
  } catch (error) {
    if (!(error instanceof ConformanceSetupError)) throw error;
    console.error(error.message);
    return 2;
  }
  console.log(`${report.passed} passed, ${report.failed} failed`);
  return report.failed > 0 ? 1 : 0;
}
