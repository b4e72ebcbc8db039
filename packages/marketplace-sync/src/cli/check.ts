import { Command, CommanderError, Option } from 'commander';
import { FeedError, readFeed, type FeedEncoding } from '../core/feed.js';
import { prepareRecord } from '../core/sync.js';
import type { Model } from '../core/types.js';
import { kleinanzeigenModel } from '../kleinanzeigen/model.js';
import { proImportModel } from '../pro-import/model.js';
import type { Io } from './output.js';

type CheckOptions = { feed: string; marketplace: 'pro-import' | 'kleinanzeigen'; encoding: FeedEncoding; dealerCode?: string; json?: boolean };

/** One thing wrong with a feed record. `invalid`: not an ad at all; `blocked`: an ad a documented rule refuses. */
type Problem = { line: number; sourceId?: string; kind: 'invalid' | 'blocked' | 'duplicate'; message: string };

type Helpers = { version: string; encodingOption: () => Option; resolvePath: (io: Io, file: string) => string };

/**
 * `marketplace-sync check --feed <file>`: reads every record of a feed as `sync` would (encoding, JSON, the ad's
 * shape, the documented rules, duplicated source_ids) without any network or credentials, and prints each problem
 * with its line and a summary. Exit 0: every ad is ready; 1: some are not; 2: the file cannot be read at all.
 *
 * @example
 * process.exitCode = await checkFeed(['--feed', 'stock.ndjson'], io, helpers);
 */
export async function checkFeed(argv: string[], io: Io, helpers: Helpers): Promise<number> {
  const cmd = new Command('marketplace-sync check')
    .description('Check a feed without any network: every record parsed, modelled and checked against the documented rules, duplicates found.')
    .requiredOption('--feed <file>', 'the stock feed to check')
    .addOption(new Option('--marketplace <name>', 'whose rules').choices(['pro-import', 'kleinanzeigen']).default('pro-import'))
    .addOption(helpers.encodingOption())
    .option('--dealer-code <code>', 'Pro Import: the dealer the feed is for')
    .option('--json', 'one JSON event per line: each problem, then the summary')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) });
  let options: CheckOptions;
  try {
    cmd.parse(argv, { from: 'user' });
    options = cmd.opts<CheckOptions>();
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const file = helpers.resolvePath(io, options.feed);
  const model: Model = options.marketplace === 'kleinanzeigen' ? kleinanzeigenModel() : proImportModel(options.dealerCode ? { dealerCode: options.dealerCode } : {});
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  let records = 0;
  let ready = 0;
  let warnings = 0;
  const report = (problem: Problem) => {
    problems.push(problem);
    if (options.json === true) io.out(JSON.stringify({ event: 'problem', line: problem.line, ...(problem.sourceId ? { source_id: problem.sourceId } : {}), kind: problem.kind, message: problem.message }));
    else io.out(`${file}:${problem.line}: ${problem.sourceId ? `${problem.sourceId}: ` : ''}${problem.message}`);
  };
  try {
    const onInvalid = (error: FeedError) => {
      records += 1;
      report({ line: error.line, kind: 'invalid', message: error.problem });
    };
    for await (const record of readFeed(file, { encoding: options.encoding, onInvalid })) {
      records += 1;
      let sourceId: string;
      try {
        const prepared = prepareRecord(model, record, file);
        sourceId = prepared.sourceId;
        warnings += prepared.warnings.length;
        const first = seen.get(sourceId);
        if (first !== undefined) {
          report({ line: record.line, sourceId, kind: 'duplicate', message: `source_id is in the feed twice (lines ${first} and ${record.line}): both are blocked` });
          continue;
        }
        seen.set(sourceId, record.line);
        if (prepared.blocked) report({ line: record.line, sourceId, kind: 'blocked', message: `${prepared.blocked.reason}; ${prepared.blocked.todo}` });
        else ready += 1;
      } catch (error) {
        if (!(error instanceof FeedError)) throw error;
        report({ line: record.line, kind: 'invalid', message: error.problem });
      }
    }
  } catch (error) {
    if (!(error instanceof FeedError)) throw error;
    if (options.json === true) io.out(JSON.stringify({ event: 'error', message: `bad feed: ${error.message}`, exit: 2 }));
    io.err(`error: bad feed: ${error.message}`);
    return 2;
  }
  // A duplicate blocks the first ad of its source_id too.
  const duplicated = new Set(problems.filter((p) => p.kind === 'duplicate').map((p) => p.sourceId));
  ready -= [...duplicated].filter((id) => id !== undefined && !problems.some((p) => p.kind === 'blocked' && p.sourceId === id)).length;
  const count = (kind: Problem['kind']) => problems.filter((p) => p.kind === kind).length;
  const invalid = count('invalid');
  const exit = problems.length === 0 ? 0 : 1;
  if (options.json === true) {
    io.out(JSON.stringify({ event: 'summary', file, records, ready, invalid, blocked: count('blocked'), duplicated: count('duplicate'), warnings, exit }));
  } else {
    io.out(
      `${file}: ${records} record(s), ${ready} ad(s) ready to sync; ${invalid} record(s) not ads, ${count('blocked')} blocked by documented rules, ${count('duplicate')} duplicated source_id(s); ${warnings} warning(s) on rules the documents do not state (never blocking)`,
    );
  }
  return exit;
}
