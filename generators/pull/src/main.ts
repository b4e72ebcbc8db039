import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  CONFIG_FILE,
  OPENAPI_FILE,
  SpecError,
  buildModel,
  loadApiConfig,
  type ApiConfig,
  type Catalogue,
} from '@x/generator-core';
import { USAGE, parsePullArgs } from './args.js';
import { renderChangeset, renderSummary } from './changeset.js';
import { detectDrift } from './drift.js';
import { CONTROL_CHARACTER, PullError, describeError, redact } from './errors.js';
import { fetchSpec } from './fetch-spec.js';
import { createHttpClient, type RetryPolicy } from './http.js';
import { barProgress, plainProgress, type Output } from './progress.js';
import { findRepoRoot } from './root.js';
import { recoverSnapshot, replaceSnapshot, type SnapshotFs } from './snapshot.js';
import { readSnapshot, snapshotSha256 } from './snapshot-read.js';

/** What `main` needs from the outside world, injectable so tests run it in-process. */
export type PullDeps = {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: Output;
  stderr: Output;
  /** A terminal to draw the progress bar on; without one, progress is one plain line per phase. */
  tty?: NodeJS.WritableStream;
  now?: () => Date;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
  fs?: SnapshotFs;
};

/**
 * Runs `spec:pull` and returns the exit code (0 done or no drift, 1 failed, 2 bad usage). Prints only messages it
 * formats itself, each passed through the token redaction.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
 */
export async function main(argv: readonly string[], deps: PullDeps): Promise<number> {
  let token: string | undefined;
  const stdout: Output = { write: (text) => deps.stdout.write(redact(text, token)) };
  const stderr: Output = { write: (text) => deps.stderr.write(redact(text, token)) };
  const args = parsePullArgs(argv);
  if (typeof args === 'string') {
    stderr.write(`spec:pull: ${args}\n`);
    return 2;
  }
  if (args.help) {
    stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const root = findRepoRoot(deps.cwd);
    if (root === undefined)
      throw new PullError('usage', `cannot find the repository root (pnpm-workspace.yaml) above ${deps.cwd}`);
    const api = args.api ?? (await soleApi(join(root, 'spec')));
    const apiDir = join(root, 'spec', api);
    const config = await loadConfig(apiDir, api);
    const auth = config.auth;
    if (auth.type !== 'api-key') {
      throw new PullError('usage', `spec/${api} authenticates with ${auth.type}; spec:pull supports APIs with a token in a header (api-key)`);
    }
    const schemaUrl = args.schemaUrl ?? config.schemaUrl;
    if (schemaUrl === undefined) {
      throw new PullError('usage', `spec/${api}/api.config.json names no schemaUrl: the API publishes no schema document to pull (pass --schema-url if you have one)`);
    }
    token = deps.env[auth.tokenEnv];
    if (token === undefined || token === '') {
      throw new PullError(
        'auth',
        `${auth.tokenEnv} is not set; export it with your API token (it is sent in the ${auth.header} header)`,
      );
    }
    const control = token.search(CONTROL_CHARACTER);
    if (control !== -1) {
      // Never sent, never shown: only where the character is.
      throw new PullError(
        'auth',
        `${auth.tokenEnv} contains a control character (a line break, tab or the like) at character ${control + 1} of ${token.length}; export the token alone, without it (a file or a copy often adds a trailing newline)`,
      );
    }
    if (!args.dryRun && (await recoverSnapshot(apiDir, deps.fs))) {
      stdout.write(`spec:pull: restored spec/${api} from an interrupted earlier pull\n`);
    }
    const baseUrl = args.baseUrl ?? config.baseUrl;
    const progress = deps.tty === undefined ? plainProgress(stdout) : barProgress(deps.tty);
    const http = createHttpClient({
      baseUrl,
      auth: { header: auth.header, token, tokenEnv: auth.tokenEnv },
      retry: deps.retry,
      sleep: deps.sleep,
      timeoutMs: deps.timeoutMs,
      onRetry: ({ url, attempt, delayMs, reason }) =>
        progress.retry(`GET ${url} in ${delayMs} ms (${reason}, attempt ${attempt} failed)`),
    });
    const date = (deps.now?.() ?? new Date()).toISOString().slice(0, 10);
    const old = await readSnapshot(apiDir, config);
    let pulled;
    try {
      pulled = await fetchSpec(config, {
        http,
        baseUrl,
        schemaUrl,
        concurrency: args.concurrency,
        date,
        progress,
      });
    } finally {
      progress.stop();
    }
    assertModellable(config, pulled.document, pulled.catalogues);
    for (const note of old.notes) stdout.write(`spec:pull: note: ${note}\n`);
    const report = detectDrift(old.data, pulled, Object.keys(config.resources));
    stdout.write(`spec:pull: drift of spec/${api} against ${baseUrl}:\n`);
    for (const line of renderSummary(report)) stdout.write(`  ${line}\n`);
    if (report.items.length === 0) {
      stdout.write('spec:pull: nothing to write\n');
      return 0;
    }
    if (args.dryRun) {
      stdout.write('spec:pull: dry run, nothing written\n');
      return 0;
    }
    const configText = await readFile(join(apiDir, CONFIG_FILE), 'utf8');
    const shortSha = snapshotSha256(configText, pulled.files, config.catalogue?.dir).slice(0, 8);
    const changeset = renderChangeset({
      report,
      packages: config.packages,
      title: config.title,
      date,
      shortSha,
    });
    const changesetFile = join(root, '.changeset', `spec-pull-${shortSha}.md`);
    // The changeset is part of the swap: killed at any moment, the pull leaves the old snapshot and no changeset
    // (the next run pulls both again) or the new snapshot with its changeset, never the snapshot alone.
    await replaceSnapshot(apiDir, pulled.files, {
      entries: [OPENAPI_FILE, ...(config.catalogue === undefined ? [] : [config.catalogue.dir])],
      ...(changeset === undefined ? {} : { companion: { path: changesetFile, contents: changeset } }),
      fs: deps.fs,
    });
    stdout.write(
      `spec:pull: replaced spec/${api}/${OPENAPI_FILE}${config.catalogue === undefined ? '' : ` and spec/${api}/${config.catalogue.dir}/`}\n`,
    );
    if (changeset !== undefined)
      stdout.write(`spec:pull: wrote ${relative(root, changesetFile)}; run \`pnpm generate\` and review the diff\n`);
    return 0;
  } catch (error) {
    if (error instanceof PullError) stderr.write(`spec:pull: ${error.message}\n`);
    else if (error instanceof SpecError) stderr.write(`spec:pull: ${error.message}\n`);
    else stderr.write(`spec:pull: unexpected failure: ${describeError(error)}\n`);
    return error instanceof PullError && error.kind === 'usage' ? 2 : 1;
  }
}

async function loadConfig(apiDir: string, api: string): Promise<ApiConfig> {
  try {
    return await loadApiConfig(apiDir);
  } catch (error) {
    if (error instanceof SpecError) throw error;
    throw new PullError(
      'usage',
      `cannot read spec/${api}/${CONFIG_FILE} (${describeError(error)}); check --api`,
    );
  }
}

/** The one API folder under spec/ (a folder with an api.config.json), for a pull without `--api`. */
async function soleApi(specDir: string): Promise<string> {
  const entries = await readdir(specDir, { withFileTypes: true });
  const apis = entries.filter((e) => e.isDirectory() && existsSync(join(specDir, e.name, CONFIG_FILE))).map((e) => e.name).sort();
  const [only, ...others] = apis;
  if (only !== undefined && others.length === 0) return only;
  const found = apis.length === 0 ? 'none' : apis.join(', ');
  throw new PullError('usage', `spec/ holds ${apis.length === 0 ? 'no API' : 'several APIs'} (${found}): pass --api <name>`);
}

/**
 * A valid OpenAPI document can still be one the generators cannot use (a resource of api.config.json without its
 * tag, two operations that would get one method name): refuse it here, before the snapshot is replaced, rather
 * than leave `pnpm generate` to fail on the new snapshot.
 */
function assertModellable(config: ApiConfig, document: Record<string, unknown>, catalogues: Record<string, Catalogue>): void {
  try {
    buildModel({ config, document, catalogues, sha256: '', file: OPENAPI_FILE });
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    throw new PullError('document', `the pulled document cannot be generated from: ${error.pointer}: ${error.problem}`);
  }
}
