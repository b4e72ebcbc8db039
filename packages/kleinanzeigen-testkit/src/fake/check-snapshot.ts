import type { KleinanzeigenSnapshot } from './types.js';

type Check = (value: unknown) => boolean;

const isString: Check = (v) => typeof v === 'string';
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isBoolean: Check = (v) => typeof v === 'boolean';
const isObject: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const anything: Check = () => true;
const orNull = (check: Check): Check => (v) => v === null || check(v);
const oneOf = (...values: readonly unknown[]): Check => (v) => values.includes(v);
const stringArray: Check = (v) => Array.isArray(v) && v.every((item) => typeof item === 'string');

type Shape = Record<string, [Check, string]>;

const STRING: [Check, string] = [isString, 'a string'];
const NUMBER: [Check, string] = [isNumber, 'a number'];

const SHAPES: Record<'imprints' | 'listings' | 'tickets' | 'images' | 'publications', Shape> = {
  imprints: { uuid: STRING, userId: STRING, content: [anything, ''], createdAt: NUMBER },
  listings: {
    uuid: STRING,
    userId: STRING,
    fields: [isObject, 'an object'],
    urls: [stringArray, 'a list of strings'],
    deleted: [isBoolean, 'a boolean'],
    createdAt: NUMBER,
    updatedAt: NUMBER,
    revision: NUMBER,
  },
  tickets: {
    uuid: STRING,
    userId: STRING,
    mediaType: STRING,
    expiresAt: NUMBER,
    imageId: [orNull(isString), 'a string or null'],
    url: [orNull(isString), 'a string or null'],
    usedAt: [orNull(isNumber), 'a number or null'],
  },
  images: { id: STRING, contentType: [oneOf('image/jpeg', 'image/png'), 'image/jpeg or image/png'], base64: STRING },
  publications: {
    uuid: STRING,
    listingUuid: STRING,
    imprintUuid: STRING,
    userId: STRING,
    status: [oneOf('PENDING', 'PUBLISHED', 'PAUSED', 'REJECTED', 'DELETED'), 'one of PENDING, PUBLISHED, PAUSED, REJECTED, DELETED'],
    statusReason: [orNull(isString), 'a string or null'],
    location: [orNull(isObject), 'an object or null'],
    createdAt: NUMBER,
    updatedAt: NUMBER,
    adId: [orNull(isString), 'a string or null'],
    contentRevision: NUMBER,
    validation: [
      orNull((v) => isObject(v) && isNumber((v as Record<string, unknown>).dueAt) && oneOf('PUBLISHED', 'PAUSED')((v as Record<string, unknown>).requestedState)),
      'null or {dueAt, requestedState: PUBLISHED | PAUSED}',
    ],
  },
};

const shown = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 60));

/**
 * Checks a snapshot field by field before `load` replaces anything, so a damaged state file is refused with the
 * place that is wrong instead of answering 500s later.
 */
export function checkSnapshot(snapshot: unknown): asserts snapshot is KleinanzeigenSnapshot {
  const fail = (where: string, what: string, value: unknown): never => {
    throw new TypeError(`fake.load(snapshot): ${where} must be ${what}, got ${shown(value)}`);
  };
  if (!isObject(snapshot)) throw new TypeError('fake.load(snapshot): not a snapshot of this fake (expected the object fake.snapshot() answers)');
  const s = snapshot as Record<string, unknown>;
  if (s.version !== 1) fail('version', '1', s.version);
  if (!isNumber(s.now)) fail('now', 'a number', s.now);
  if (!isNumber(s.randomState)) fail('randomState', 'a number', s.randomState);
  if (!isObject(s.counters) || !isNumber((s.counters as Record<string, unknown>).adId)) fail('counters.adId', 'a number', (s.counters as Record<string, unknown> | undefined)?.adId);
  for (const [list, shape] of Object.entries(SHAPES)) {
    const items = s[list];
    if (!Array.isArray(items)) fail(list, 'a list', items);
    (items as unknown[]).forEach((item, index) => {
      if (!isObject(item)) fail(`${list}[${index}]`, 'an object', item);
      for (const [field, [check, what]] of Object.entries(shape)) {
        const value = (item as Record<string, unknown>)[field];
        if (!check(value)) fail(`${list}[${index}].${field}`, what, value);
      }
    });
  }
}
