import { parseArgs as parseNodeArgs } from 'node:util';

export const USAGE = `usage: pnpm spec:pull [options]

Refreshes spec/<api>/ (openapi.json and the catalogue folder) from the live API, prints the drift against the
current snapshot and writes a changeset for the packages it affects. Writes nothing unless everything arrived
and validates. The token is read from the environment variable named by auth.tokenEnv in api.config.json.

options:
  --api <name>          the API folder under spec/ (default: every API with a live source, one after the other)
  --base-url <url>      server to pull from; api.config.json paths are relative to it (default: the variable
                        named by baseUrlEnv in api.config.json, else baseUrl)
  --schema-url <url>    schema document, absolute or relative to the base URL (default: config.schemaUrl)
  --concurrency <n>     requests in flight at once (default: 4)
  --dry-run             fetch and report drift, write nothing
  --help                show this help`;

export type PullArgs = {
  /** The API folder under spec/; absent: every API with a live source. */
  api?: string;
  baseUrl?: string;
  schemaUrl?: string;
  concurrency: number;
  dryRun: boolean;
  help: boolean;
};

/**
 * Parses the command line; returns a message (with usage) when it cannot.
 *
 * @example
 * parsePullArgs(['--api', 'shop', '--dry-run']); // { api: 'shop', concurrency: 4, dryRun: true, help: false }
 */
export function parsePullArgs(argv: readonly string[]): PullArgs | string {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseNodeArgs({
      args: argv.filter((arg) => arg !== '--'),
      options: {
        api: { type: 'string' },
        'base-url': { type: 'string' },
        'schema-url': { type: 'string' },
        concurrency: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return `${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`;
  }
  const concurrencyText = typeof values.concurrency === 'string' ? values.concurrency : '4';
  const concurrency = Number(concurrencyText);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    return `--concurrency must be a whole number from 1 to 64, got "${concurrencyText}"`;
  }
  const args: PullArgs = {
    concurrency,
    dryRun: values['dry-run'] === true,
    help: values.help === true,
  };
  if (typeof values.api === 'string') args.api = values.api;
  if (typeof values['base-url'] === 'string') args.baseUrl = values['base-url'].replace(/\/+$/, '');
  if (typeof values['schema-url'] === 'string') args.schemaUrl = values['schema-url'];
  if (args.api !== undefined && !/^[\w.-]+$/.test(args.api)) return `--api must be a folder name under spec/, got "${args.api}"`;
  return args;
}
