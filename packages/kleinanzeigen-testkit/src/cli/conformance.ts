import { integerFlag, parseFlags, stringFlag } from '@x/fake-runtime';
import { ConformanceSetupError, runConformance } from '../conformance/suite.js';

const USAGE = `Usage: pnpm conformance:kleinanzeigen --base-url <url> [--token-url <url>] --client-id <id> --client-secret <secret> [--imprint-uuid <uuid>] [--allow-publish] [--timeout <ms>]

  --base-url       the goods API, e.g. http://127.0.0.1:4020/api/goods or https://developer.kleinanzeigen.de/api/goods
  --token-url      the token endpoint (default: the base URL's origin + /v2/oidc/token)
  --client-id      the OAuth client id (or KLEINANZEIGEN_CLIENT_ID)
  --client-secret  the client secret (or KLEINANZEIGEN_CLIENT_SECRET, which keeps it out of the process list and out of
                   pnpm's echo of the command, shown unless run with pnpm -s); never printed by the suite
  --imprint-uuid   an existing imprint to publish under (imprints cannot be deleted)
  --allow-publish  against a real server, also create an imprint (without --imprint-uuid) and publications: live ads
  --timeout        how long to wait for a publication's validation, in ms (default 180000)`;

/** `pnpm conformance:kleinanzeigen`: one PASS/FAIL/SKIP line per check, then the counts; exit 1 on any failure. */
export async function main(argv: string[]): Promise<number> {
  const parsed = parseFlags(
    argv,
    {
      'base-url': { type: 'string' },
      'token-url': { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'imprint-uuid': { type: 'string' },
      'allow-publish': { type: 'boolean' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (!parsed.ok) {
    console.error(parsed.message);
    return 2;
  }
  const { values } = parsed;
  if (values.help === true) {
    console.log(USAGE);
    return 0;
  }
  const baseUrl = stringFlag(values, 'base-url');
  const clientId = stringFlag(values, 'client-id') ?? process.env.KLEINANZEIGEN_CLIENT_ID;
  const clientSecret = stringFlag(values, 'client-secret') ?? process.env.KLEINANZEIGEN_CLIENT_SECRET;
  const timeout = integerFlag('timeout', stringFlag(values, 'timeout'), 180_000);
  if (typeof timeout === 'string') {
    console.error(`${timeout}\n\n${USAGE}`);
    return 2;
  }
  if (baseUrl === undefined || clientId === undefined || clientId === '' || clientSecret === undefined || clientSecret === '') {
    console.error(`Give --base-url, --client-id and --client-secret (or KLEINANZEIGEN_CLIENT_ID and KLEINANZEIGEN_CLIENT_SECRET).\n\n${USAGE}`);
    return 2;
  }
  const tokenUrl = stringFlag(values, 'token-url');
  const imprintUuid = stringFlag(values, 'imprint-uuid');
  let report;
  try {
    report = await runConformance({
      baseUrl,
      clientId,
      clientSecret,
      ...(tokenUrl === undefined ? {} : { tokenUrl }),
      ...(imprintUuid === undefined ? {} : { imprintUuid }),
      allowPublish: values['allow-publish'] === true,
      timeoutMs: timeout,
      print: (line) => console.log(line),
    });
  } catch (error) {
    if (!(error instanceof ConformanceSetupError)) throw error;
    console.error(error.message);
    return 2;
  }
  console.log(`${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`);
  return report.failed > 0 ? 1 : 0;
}
