import {
  integerFlag,
  keepState,
  loadStateFile,
  parseFlags,
  saveStateAtomically,
  LOCAL_SERVER_FLAGS,
  localServerOptions,
  localServerUsage,
  stringFlag,
  untilSignal,
  userPath,
} from '@x/fake-runtime';
import { createFake } from '../fake/fake.js';
import { DEFAULT_JWT_SECRET } from '../fake/tokens.js';
import type { FakeSnapshot } from '../fake/types.js';
import { seedDemoV3Ads } from '../fake/seed.js';
import { startFakeServer } from '../server.js';

/** Re-exported for callers of the old location; the implementation lives in `@x/fake-runtime`. */
export { saveStateAtomically };

/** Where the command reads the JWT secret when `--jwt-secret` is not given (kept out of `ps` and pnpm's echo). */
export const JWT_SECRET_ENV = 'PRO_IMPORT_FAKE_JWT_SECRET';

const USAGE = `Usage: pnpm fake [--port 4010] [--host 127.0.0.1] [--allow-host <name>] [--jwt-secret <secret>] [--latency <ms>] [--seed] [--state <file>] [--strict] [--quota-mib 256] [--quiet]

  --port        port to listen on (default 4010; 0 picks a free one)
  --host        interface to bind (default 127.0.0.1)
  --jwt-secret  HS256 secret tokens are signed with (or ${JWT_SECRET_ENV}, which keeps it out of the process list
                and out of pnpm's echo of the command; default: the fixed local secret in the README). Never
                printed by the fake
  --latency     delay of each asynchronous step in ms (default 500; 0 is allowed)
  --seed        create some V3 ads (dealer D1) for migration scenarios
  --state       load the state from this JSON file if it exists and keep it there: written within a second of
                every change, and once more when the fake stops (SIGINT, SIGTERM, SIGHUP, or the process that
                started it exiting)
  --strict      also refuse on the snapshot's reconstructed and inferred rules (see PROVENANCE.md), not only on
                the documented ones
${localServerUsage('dealer', 16)}`;

/** `pnpm fake`: the fake API over HTTP until SIGINT/SIGTERM/SIGHUP or its parent exits. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const parsed = parseFlags(
    argv,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      'jwt-secret': { type: 'string' },
      latency: { type: 'string' },
      seed: { type: 'boolean' },
      state: { type: 'string' },
      strict: { type: 'boolean' },
      ...LOCAL_SERVER_FLAGS,
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
  const port = integerFlag('port', stringFlag(values, 'port'), 4010);
  const latency = integerFlag('latency', stringFlag(values, 'latency'), 500);
  const local = localServerOptions(values);
  if (typeof port === 'string' || typeof latency === 'string' || typeof local === 'string') {
    console.error(`${[port, latency, local].find((n) => typeof n === 'string')}\n\n${USAGE}`);
    return 2;
  }
  const givenSecret = stringFlag(values, 'jwt-secret') ?? (process.env[JWT_SECRET_ENV] || undefined);
  const secret = givenSecret ?? DEFAULT_JWT_SECRET;
  const stateFlag = stringFlag(values, 'state');
  const stateFile = stateFlag === undefined ? undefined : userPath(stateFlag);
  let snapshot: FakeSnapshot | undefined;
  const cannotLoad = (error: unknown) =>
    `Could not load --state ${stateFile}: ${(error as Error).message}. Fix or delete the file and start again.`;
  try {
    snapshot = stateFile === undefined ? undefined : await loadStateFile<FakeSnapshot>(stateFile);
  } catch (error) {
    console.error(cannotLoad(error));
    return 1;
  }
  // Written within a second of every change (requests and the worker's own steps), and once more on a clean stop.
  const kept = keepState(stateFile === undefined ? {} : { file: stateFile });
  let fake;
  try {
    fake = createFake({
      clock: kept.clock,
      latencyMs: latency,
      jwtSecret: secret,
      strict: values.strict === true,
      ...(snapshot ? { snapshot } : {}),
    });
  } catch (error) {
    console.error(snapshot === undefined ? `${(error as Error).message}\n\n${USAGE}` : cannotLoad(error));
    return snapshot === undefined ? 2 : 1;
  }
  if (values.seed === true) seedDemoV3Ads(fake);
  const served = fake;
  kept.track(() => served.snapshot());
  const host = stringFlag(values, 'host') ?? '127.0.0.1';
  let running;
  try {
    running = await startFakeServer({ fake, port, host, onResponse: kept.changed, ...local });
  } catch (error) {
    fake.stop();
    console.error(`Could not listen on ${host}:${port}: ${(error as Error).message}. Pick another --port.`);
    return 1;
  }
  const dealer = fake.token({ scope: 'dealer_code', dealer_code: 'D1' });
  const group = fake.token({ scope: 'dealer_group', dealer_group: 'G1', dealer_codes: ['D1', 'D2'] });
  console.log(`Pro Import fake listening on ${running.baseUrl}`);
  console.log(`  web view: ${running.origin}/ (the ads as the marketplaces show them, live)`);
  console.log(`  spec:     ${running.baseUrl}/docs/schema/ (?format=json)`);
  console.log(`  admin:    ${running.baseUrl}/__fake/`);
  console.log(
    `  latency:  ${latency} ms per step${snapshot ? `; state loaded from ${stateFile}` : ''}${values.seed ? '; V3 ads seeded for D1' : ''}`,
  );
  console.log(
    `  rules:    ${values.strict === true ? 'strict: the reconstructed and inferred rules refuse too' : 'documented rules refuse; reconstructed ones are accepted (--strict to refuse them)'}`,
  );
  console.log(`  secret:   ${givenSecret === undefined ? 'the default local secret, see the README' : 'the secret you gave, not printed'}; the tokens below are the fake's own, for you to copy`);
  console.log(`  X-Auth-Token (dealer_code D1):         ${dealer}`);
  console.log(`  X-Auth-Token (dealer_group G1: D1,D2): ${group}`);
  const server = running;
  return untilSignal((reason) => kept.shutDown(reason, { server, stopWork: () => served.stop() }));
}
