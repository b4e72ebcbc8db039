import {
  integerFlag,
  keepState,
  loadStateFile,
  parseFlags,
  LOCAL_SERVER_FLAGS,
  localServerOptions,
  localServerUsage,
  stringFlag,
  untilSignal,
  userPath,
} from '@x/fake-runtime';
import { DEFAULT_CLIENT } from '../fake/auth.js';
import { createKleinanzeigenFake } from '../fake/fake.js';
import type { KleinanzeigenSnapshot } from '../fake/types.js';
import { startKleinanzeigenServer } from '../server.js';

const USAGE = `Usage: pnpm fake:kleinanzeigen [--port 4020] [--host 127.0.0.1] [--allow-host <name>] [--client-id <id>] [--client-secret <secret>] [--user-id <id>] [--latency <ms>] [--token-ttl <s>] [--ticket-ttl <s>] [--state <file>] [--seed <n>] [--strict] [--quiet]

  --port           port to listen on (default 4020; 0 picks a free one)
  --host           interface to bind (default 127.0.0.1; the admin API has no auth)
  --client-id      the OAuth client the token endpoint accepts (or KLEINANZEIGEN_CLIENT_ID; default ${DEFAULT_CLIENT.clientId})
  --client-secret  its secret (or KLEINANZEIGEN_CLIENT_SECRET, which keeps it out of the process list and out of
                   pnpm's echo of the command: pnpm prints a root script's arguments unless run with -s; default:
                   the README's local secret). Never printed by the fake.
  --user-id        the seller account the client acts for (default: derived from the client id)
  --latency        how long a publication's validation takes, in ms (default 500; 0 is allowed)
  --token-ttl      expires_in of issued tokens, in seconds (default 3600)
  --ticket-ttl     lifetime of media tickets and their presigned URLs, in seconds (default 900)
  --state          load the state from this JSON file if it exists and keep it there: written within a second of
                   every change, and once more when the fake stops (SIGINT, SIGTERM, SIGHUP, or the process that
                   started it exiting)
  --seed           seed of the UUIDs (default 1)
  --strict         also refuse on the snapshot's reconstructed and inferred rules, not only on the documented ones
${localServerUsage('account', 19)}`;

/** `pnpm fake:kleinanzeigen`: the fake over HTTP until SIGINT/SIGTERM/SIGHUP or its parent exits. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const parsed = parseFlags(
    argv,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'user-id': { type: 'string' },
      latency: { type: 'string' },
      'token-ttl': { type: 'string' },
      'ticket-ttl': { type: 'string' },
      state: { type: 'string' },
      seed: { type: 'string' },
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
  const numbers = {
    port: integerFlag('port', stringFlag(values, 'port'), 4020),
    latency: integerFlag('latency', stringFlag(values, 'latency'), 500),
    tokenTtl: integerFlag('token-ttl', stringFlag(values, 'token-ttl'), 3600),
    ticketTtl: integerFlag('ticket-ttl', stringFlag(values, 'ticket-ttl'), 900),
    seed: integerFlag('seed', stringFlag(values, 'seed'), 1),
  };
  const local = localServerOptions(values);
  const wrong = [...Object.values(numbers), local].find((n): n is string => typeof n === 'string');
  if (wrong !== undefined || typeof local === 'string') {
    console.error(`${wrong}\n\n${USAGE}`);
    return 2;
  }
  const { port, latency, tokenTtl, ticketTtl, seed } = numbers as Record<keyof typeof numbers, number>;
  const clientId = stringFlag(values, 'client-id') ?? process.env.KLEINANZEIGEN_CLIENT_ID ?? DEFAULT_CLIENT.clientId;
  const givenSecret = stringFlag(values, 'client-secret') ?? process.env.KLEINANZEIGEN_CLIENT_SECRET;
  const userId = stringFlag(values, 'user-id');
  const stateFlag = stringFlag(values, 'state');
  const stateFile = stateFlag === undefined ? undefined : userPath(stateFlag);
  let snapshot: KleinanzeigenSnapshot | undefined;
  const cannotLoad = (error: unknown) =>
    `Could not load --state ${stateFile}: ${(error as Error).message}. Fix or delete the file and start again.`;
  try {
    snapshot = stateFile === undefined ? undefined : await loadStateFile<KleinanzeigenSnapshot>(stateFile);
  } catch (error) {
    console.error(cannotLoad(error));
    return 1;
  }
  // Written within a second of every change (requests and validations ending), and once more on a clean stop.
  const kept = keepState(stateFile === undefined ? {} : { file: stateFile });
  let fake;
  try {
    fake = createKleinanzeigenFake({
      clock: kept.clock,
      clients: [
        {
          clientId,
          clientSecret: givenSecret ?? DEFAULT_CLIENT.clientSecret,
          ...(userId === undefined ? {} : { userId }),
        },
      ],
      latencyMs: latency,
      tokenTtlSeconds: tokenTtl,
      ticketTtlSeconds: ticketTtl,
      seed,
      strict: values.strict === true,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (snapshot !== undefined) {
    try {
      fake.load(snapshot);
    } catch (error) {
      console.error(cannotLoad(error));
      return 1;
    }
  }
  const served = fake;
  kept.track(() => served.snapshot());
  const host = stringFlag(values, 'host') ?? '127.0.0.1';
  let running;
  try {
    running = await startKleinanzeigenServer({ fake, port, host, onResponse: kept.changed, ...local });
  } catch (error) {
    fake.stop();
    console.error(`Could not listen on ${host}:${port}: ${(error as Error).message}. Pick another --port.`);
    return 1;
  }
  const secretNote = givenSecret === undefined ? 'the default local secret, see the README' : 'the secret you gave, not printed';
  console.log(`Kleinanzeigen fake listening on ${running.baseUrl}`);
  console.log(`  token:    ${running.tokenUrl} (client_id ${clientId}; client_secret: ${secretNote})`);
  console.log(`  web view: ${running.origin}/ (the listings, their media and publications, live)`);
  console.log(`  openapi:  ${running.openapiUrl}`);
  console.log(`  admin:    ${running.origin}/__fake/`);
  console.log(
    `  timing:   validations take ${latency} ms; tokens live ${tokenTtl} s, tickets ${ticketTtl} s${snapshot ? `; state loaded from ${stateFile}` : ''}`,
  );
  console.log(
    `  rules:    ${values.strict === true ? 'strict: the reconstructed and inferred rules refuse too' : 'documented rules refuse; reconstructed ones are accepted (--strict to refuse them)'}`,
  );
  const server = running;
  return untilSignal((reason) => kept.shutDown(reason, { server, stopWork: () => served.stop() }));
}
