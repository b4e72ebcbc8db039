import { readFileSync } from 'node:fs';
import { deleteLimit, FEED_ENCODINGS, type DeleteLimit, type FeedEncoding } from '@x/marketplace-sync';

/** The marketplaces a dealer can be synced to. */
export const MARKETPLACES = ['pro-import', 'kleinanzeigen'] as const;
export type Marketplace = (typeof MARKETPLACES)[number];

/** One dealer of `fleet.json`: where its stock comes from, where it goes, and the names of its credentials. */
export type DealerConfig = {
  id: string;
  marketplace: Marketplace;
  /** The API base URL; default production. */
  baseUrl?: string;
  /** Pro Import: the environment variable holding the dealer's token (read by the worker, never stored). */
  tokenEnv?: string;
  /** Pro Import group tokens: the dealer code to sync. */
  dealerCode?: string;
  /** Kleinanzeigen: the environment variables holding the OAuth client id and secret. */
  clientIdEnv?: string;
  clientSecretEnv?: string;
  /** Kleinanzeigen: the imprint publications are made with. */
  imprintUuid?: string;
  /**
   * Kleinanzeigen: ads whose earlier create lost its answer (blocked: "whether it was created is unknown") that the
   * operator checked on the account and found not created; they are created. Remove them again afterwards.
   */
  assumeNotCreated?: string[];
  /** A feed file (relative to fleet.json) or an http(s) URL, fetched with conditional requests. */
  feed: string;
  /** The feed's encoding: `utf8` (default), `latin1` or `windows-1252` (exports of many dealer systems). */
  encoding?: FeedEncoding;
  /** Delete live ads missing from the feed. Default false. */
  deleteMissing?: boolean;
  /** The most deletions per run: a count or a share of the live ads. Default `20%`. */
  maxDelete?: DeleteLimit;
};

/** `fleet.json`: the dealers, and optional requests-per-second caps per marketplace (shared by every worker). */
export type FleetConfig = {
  dealers: DealerConfig[];
  /** Requests per second for each marketplace across all workers, e.g. `{ "pro-import": 20 }`. Default: no cap. */
  limits?: Partial<Record<Marketplace, number>>;
  /** Where the file was read from (relative feed paths are relative to its folder). */
  file?: string;
};

/** A config that cannot be used: one line naming the dealer and the field. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const DEALER_FIELDS = new Set(['id', 'marketplace', 'baseUrl', 'tokenEnv', 'dealerCode', 'clientIdEnv', 'clientSecretEnv', 'imprintUuid', 'assumeNotCreated', 'feed', 'encoding', 'deleteMissing', 'maxDelete']);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function httpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function dealerOf(raw: unknown, index: number, where: string): DealerConfig {
  if (!isObject(raw)) throw new ConfigError(`${where}: dealers[${index}] must be an object, got ${shown(raw)}`);
  const label = typeof raw.id === 'string' && raw.id.trim() !== '' ? `dealer "${raw.id}"` : `dealers[${index}]`;
  const bad = (field: string, what: string) => new ConfigError(`${where}: ${label}: "${field}" ${what}`);
  if (typeof raw.id !== 'string' || raw.id.trim() === '') throw bad('id', `must be a non-empty string, got ${shown(raw.id)}`);
  if (raw.id.length > 200 || /[\s]/.test(raw.id)) throw bad('id', 'must be at most 200 characters without spaces');
  for (const key of Object.keys(raw)) if (!DEALER_FIELDS.has(key)) throw bad(key, `is not a dealer field (known: ${[...DEALER_FIELDS].join(', ')})`);
  if (!(MARKETPLACES as readonly unknown[]).includes(raw.marketplace)) throw bad('marketplace', `must be "pro-import" or "kleinanzeigen", got ${shown(raw.marketplace)}`);
  const marketplace = raw.marketplace as Marketplace;
  if (typeof raw.feed !== 'string' || raw.feed.trim() === '') throw bad('feed', `must be a file path or an http(s) URL, got ${shown(raw.feed)}`);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw.feed) && !httpUrl(raw.feed)) throw bad('feed', `must be a file path or an http(s) URL, got ${shown(raw.feed)}`);
  if (raw.baseUrl !== undefined && (typeof raw.baseUrl !== 'string' || !httpUrl(raw.baseUrl))) throw bad('baseUrl', `must be an http(s) URL, got ${shown(raw.baseUrl)}`);
  const envField = (field: string) => {
    const value = raw[field];
    if (typeof value !== 'string' || !ENV_NAME.test(value)) {
      throw bad(field, `must name an environment variable (letters, digits, _), got ${shown(value)}; credentials are read from the worker's environment, never from this file`);
    }
    return value;
  };
  const dealer: DealerConfig = { id: raw.id, marketplace, feed: raw.feed };
  if (marketplace === 'pro-import') {
    for (const field of ['clientIdEnv', 'clientSecretEnv', 'imprintUuid', 'assumeNotCreated']) if (raw[field] !== undefined) throw bad(field, 'is for Kleinanzeigen dealers; a Pro Import dealer names "tokenEnv"');
    dealer.tokenEnv = envField('tokenEnv');
    if (raw.dealerCode !== undefined) {
      if (typeof raw.dealerCode !== 'string' || raw.dealerCode.trim() === '') throw bad('dealerCode', `must be a non-empty string, got ${shown(raw.dealerCode)}`);
      dealer.dealerCode = raw.dealerCode;
    }
  } else {
    for (const field of ['tokenEnv', 'dealerCode']) if (raw[field] !== undefined) throw bad(field, 'is for Pro Import dealers; a Kleinanzeigen dealer names "clientIdEnv" and "clientSecretEnv"');
    dealer.clientIdEnv = envField('clientIdEnv');
    dealer.clientSecretEnv = envField('clientSecretEnv');
    if (raw.imprintUuid !== undefined) {
      if (typeof raw.imprintUuid !== 'string' || raw.imprintUuid.trim() === '') throw bad('imprintUuid', `must be a non-empty string, got ${shown(raw.imprintUuid)}`);
      dealer.imprintUuid = raw.imprintUuid;
    }
    if (raw.assumeNotCreated !== undefined) {
      const ids = raw.assumeNotCreated;
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && id !== '')) throw bad('assumeNotCreated', `must be a list of source_ids, got ${shown(ids)}`);
      dealer.assumeNotCreated = ids as string[];
    }
  }
  if (raw.baseUrl !== undefined) dealer.baseUrl = raw.baseUrl as string;
  if (raw.encoding !== undefined) {
    if (!(FEED_ENCODINGS as readonly unknown[]).includes(raw.encoding)) throw bad('encoding', `must be one of ${FEED_ENCODINGS.join(', ')}, got ${shown(raw.encoding)}`);
    dealer.encoding = raw.encoding as FeedEncoding;
  }
  if (raw.deleteMissing !== undefined) {
    if (typeof raw.deleteMissing !== 'boolean') throw bad('deleteMissing', `must be true or false, got ${shown(raw.deleteMissing)}`);
    dealer.deleteMissing = raw.deleteMissing;
  }
  if (raw.maxDelete !== undefined) {
    const limit = raw.maxDelete;
    try {
      if (typeof limit !== 'number' && typeof limit !== 'string') throw new RangeError('');
      deleteLimit(limit as DeleteLimit, 100);
    } catch {
      throw bad('maxDelete', `must be a count (15) or a share of the live ads ("20%"), got ${shown(limit)}`);
    }
    dealer.maxDelete = limit as DeleteLimit;
  }
  return dealer;
}

/**
 * Checks a parsed `fleet.json`. Every problem is one line naming the dealer and the field
 * (`fleet.json: dealer "D3": "tokenEnv" must name an environment variable ...`).
 *
 * @example
 * const config = parseFleetConfig({ dealers: [{ id: 'D1', marketplace: 'pro-import', tokenEnv: 'D1_TOKEN', feed: 'd1.ndjson' }] });
 */
export function parseFleetConfig(raw: unknown, where = 'fleet.json'): FleetConfig {
  if (!isObject(raw)) throw new ConfigError(`${where}: must be a JSON object with "dealers", got ${shown(raw)}`);
  for (const key of Object.keys(raw)) if (key !== 'dealers' && key !== 'limits') throw new ConfigError(`${where}: "${key}" is not a fleet.json field (known: dealers, limits)`);
  if (!Array.isArray(raw.dealers)) throw new ConfigError(`${where}: "dealers" must be an array of dealers, got ${shown(raw.dealers)}`);
  const dealers = raw.dealers.map((d, i) => dealerOf(d, i, where));
  const seen = new Set<string>();
  for (const dealer of dealers) {
    const key = `${dealer.id}\u0000${dealer.marketplace}`;
    if (seen.has(key)) throw new ConfigError(`${where}: dealer "${dealer.id}": "id" appears twice for ${dealer.marketplace}`);
    seen.add(key);
  }
  const config: FleetConfig = { dealers };
  if (raw.limits !== undefined) {
    if (!isObject(raw.limits)) throw new ConfigError(`${where}: "limits" must be an object such as {"pro-import": 20}, got ${shown(raw.limits)}`);
    const limits: Partial<Record<Marketplace, number>> = {};
    for (const [key, value] of Object.entries(raw.limits)) {
      if (!(MARKETPLACES as readonly string[]).includes(key)) throw new ConfigError(`${where}: limits: "${key}" is not a marketplace (pro-import, kleinanzeigen)`);
      if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) throw new ConfigError(`${where}: limits: "${key}" must be requests per second > 0, got ${shown(value)}`);
      limits[key as Marketplace] = value;
    }
    config.limits = limits;
  }
  return config;
}

/**
 * Reads and checks `fleet.json`.
 *
 * @example
 * const config = readFleetConfig('fleet.json');
 * console.log(config.dealers.length);
 */
export function readFleetConfig(file: string): FleetConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ConfigError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${String(code ?? error)})`}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: not valid JSON (${(error as Error).message.replace(/\s+/g, ' ')})`);
  }
  return { ...parseFleetConfig(raw, file), file };
}

/** The key of a dealer's sync: one job at a time per key across all workers. */
export function dealerKey(dealer: { id: string; marketplace: string }): string {
  return `${dealer.marketplace}:${dealer.id}`;
}
