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
  type ApiKeyAuth,
  type Catalogue,
} from '@x/generator-core';
import { USAGE, parsePullArgs, type PullArgs } from './args.js';
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
  const tokens: string[] = [];
  const redactAll = (text: string) => tokens.reduce((out, token) => redact(out, token), text);
  const stdout: Output = { write: (text) => deps.stdout.write(redactAll(text)) };
  const stderr: Output = { write: (text) => deps.stderr.write(redactAll(text)) };
  const args = parsePullArgs(argv);
  if (typeof args === 'string') {
    stderr.write(`spec:pull: ${args}\n`);
    return 2;
  }
  if (args.help) {
    stdout.write(`${USAGE}\n`);
    return 0;
  }
  let apis: string[];
  let root: string;
  try {
    const found = findRepoRoot(deps.cwd);
    if (found === undefined)
      throw new PullError('usage', `cannot find the repository root (pnpm-workspace.yaml) above ${deps.cwd}`);
    root = found;
    apis = args.api === undefined ? await liveApis(join(root, 'spec'), args, stdout) : [args.api];
  } catch (error) {
    return reportFailure(error, stderr);
  }
  let code = 0;
  for (const api of apis) {
    if (apis.length > 1) stdout.write(`spec:pull: ${api}\n`);
    const result = await pullApi(api, { root, args, deps, stdout, keepSecret: (token) => void tokens.push(token) }).then(
      () => 0,
      (error: unknown) => reportFailure(error, stderr, apis.length > 1 ? api : undefined),
    );
    code = Math.max(code, result);
  }
  return code;
}

/** Prints a failure in one line and returns its exit code (2 for bad usage, 1 otherwise). */
function reportFailure(error: unknown, stderr: Output, api?: string): number {
  const prefix = api === undefined ? 'spec:pull:' : `spec:pull: ${api}:`;
  if (error instanceof PullError || error instanceof SpecError) stderr.write(`${prefix} ${error.message}\n`);
  else stderr.write(`${prefix} unexpected failure: ${describeError(error)}\n`);
  return error instanceof PullError && error.kind === 'usage' ? 2 : 1;
}

type PullContext = {
  root: string;
  args: PullArgs;
  deps: PullDeps;
  stdout: Output;
  /** Registers a secret that every later line of output must hide. */
  keepSecret: (token: string) => void;
};

/** Pulls one API's snapshot; throws a PullError or SpecError on failure. */
async function pullApi(api: string, { root, args, deps, stdout, keepSecret }: PullContext): Promise<void> {
  const apiDir = join(root, 'spec', api);
  const config = await loadConfig(apiDir, api);
  const live = liveSource(config, args);
  if (typeof live === 'string') throw new PullError('usage', `spec/${api} ${live}`);
  const { auth, schemaUrl } = live;
  const token = deps.env[auth.tokenEnv];
  if (token === undefined || token === '') {
    throw new PullError(
      'auth',
      `${auth.tokenEnv} is not set; export it with your API token (it is sent in the ${auth.header} header)`,
    );
  }
  keepSecret(token);
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
  const baseUrl = args.baseUrl ?? envBaseUrl(config, deps.env) ?? config.baseUrl;
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
    return;
  }
  if (args.dryRun) {
    stdout.write('spec:pull: dry run, nothing written\n');
    return;
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
}

/**
 * What makes an API pullable: a token in a header and a schema document to fetch (or `--schema-url`). Returns the
 * reason it is not, as the end of a sentence starting with `spec/<api>`.
 */
function liveSource(config: ApiConfig, args: Pick<PullArgs, 'schemaUrl'>): { auth: ApiKeyAuth; schemaUrl: string } | string {
  const schemaUrl = args.schemaUrl ?? config.schemaUrl;
  if (schemaUrl === undefined) {
    return 'names no schemaUrl in api.config.json: the API publishes no schema document to pull (pass --schema-url if you have one)';
  }
  const auth = config.auth;
  if (auth.type !== 'api-key') {
    return `authenticates with ${auth.type}; spec:pull supports APIs with a token in a header (api-key)`;
  }
  return { auth, schemaUrl };
}

/** The base URL from the config's `baseUrlEnv` variable, when it is set. */
function envBaseUrl(config: ApiConfig, env: PullDeps['env']): string | undefined {
  const value = config.baseUrlEnv === undefined ? undefined : env[config.baseUrlEnv];
  return value === undefined || value === '' ? undefined : value.replace(/\/+$/, '');
}

/**
 * Without `--api`: every API folder under spec/ (a folder with an api.config.json) that has a live source, after
 * one line saying which are pulled and why the others are not.
 */
async function liveApis(specDir: string, args: PullArgs, stdout: Output): Promise<string[]> {
  const entries = await readdir(specDir, { withFileTypes: true });
  const apis = entries.filter((e) => e.isDirectory() && existsSync(join(specDir, e.name, CONFIG_FILE))).map((e) => e.name).sort();
  if (apis.length === 0) throw new PullError('usage', 'spec/ holds no API folder (one with an api.config.json)');
  const live: string[] = [];
  const skipped: string[] = [];
  for (const api of apis) {
    const reason = liveSource(await loadConfig(join(specDir, api), api), {});
    if (typeof reason === 'string') skipped.push(`${api}: spec/${api} ${reason}`);
    else live.push(api);
  }
  if (live.length === 0) {
    throw new PullError('usage', `no API under spec/ has a live source to pull (${skipped.join('; ')})`);
  }
  if (live.length > 1 && (args.baseUrl !== undefined || args.schemaUrl !== undefined)) {
    throw new PullError('usage', `--base-url and --schema-url name one API's server, and ${live.join(', ')} have live sources: pass --api <name>`);
  }
  stdout.write(`spec:pull: pulling ${live.join(', ')} (${live.length === 1 ? 'the API' : 'every API'} under spec/ with a live source; --api <name> pulls one)\n`);
  for (const line of skipped) stdout.write(`spec:pull: not pulling ${line}\n`);
  return live;
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
