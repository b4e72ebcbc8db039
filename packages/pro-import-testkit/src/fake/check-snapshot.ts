import { LOG_ACTIONS, type FakeSnapshot } from './types.js';

type Check = (value: unknown) => boolean;

const isString: Check = (v) => typeof v === 'string';
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isObject: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isArray: Check = (v) => Array.isArray(v);
const orNull = (check: Check): Check => (v) => v === null || check(v);
const oneOf = (...values: readonly unknown[]): Check => (v) => values.includes(v);

/** The server-owned fields of a stored ad and what each must be: what the handlers rely on. */
const AD_FIELDS: ReadonlyArray<readonly [string, Check, string]> = [
  ['id', isString, 'a string'],
  ['source_id', isString, 'a string'],
  ['dealer_code', isString, 'a string'],
  ['category_id', isNumber, 'a number'],
  ['api_version', oneOf('v3', 'v4'), '"v3" or "v4"'],
  ['state', oneOf('created', 'deleted'), '"created" or "deleted"'],
  ['fields', isObject, 'an object'],
  ['image_refs', isArray, 'an array'],
  ['blocket_ad_id', orNull(isString), 'a string or null'],
  ['offer_id', orNull(isString), 'a string or null'],
  ['registered', (v) => typeof v === 'boolean', 'true or false'],
  ['created', isNumber, 'a number (epoch ms)'],
  ['updated', isNumber, 'a number (epoch ms)'],
  ['pole_position_until', orNull(isNumber), 'a number or null'],
  ['retry', orNull(isArray), 'an array or null'],
  ['log', isArray, 'an array'],
];

const LOG_FIELDS: ReadonlyArray<readonly [string, Check, string]> = [
  ['request_id', isString, 'a string'],
  ['created', isString, 'an ISO 8601 string'],
  ['action', oneOf(...LOG_ACTIONS), `one of ${LOG_ACTIONS.join(', ')}`],
  ['state', oneOf('processing', 'done', 'error'), '"processing", "done" or "error"'],
  ['seq', isNumber, 'a number'],
];

function checkFields(value: unknown, fields: typeof AD_FIELDS, where: string): void {
  if (!isObject(value)) throw new TypeError(`fake.load(snapshot): ${where} must be an object`);
  const record = value as Record<string, unknown>;
  for (const [name, check, expected] of fields) {
    if (!check(record[name])) {
      throw new TypeError(`fake.load(snapshot): ${where}.${name} must be ${expected}, got ${JSON.stringify(record[name]) ?? 'nothing'}`);
    }
  }
}

/**
 * Checks a snapshot before the fake takes it, so a hand-edited or truncated state file is refused with the place
 * that is wrong instead of turning into 500s on later requests.
 */
export function checkSnapshot(snapshot: unknown): asserts snapshot is FakeSnapshot {
  const s = snapshot as Partial<FakeSnapshot> | null | undefined;
  if (s?.version !== 1 || !Array.isArray(s.ads)) {
    throw new TypeError(
      'fake.load(snapshot): not a snapshot of this fake (expected {"version": 1, "ads": [...]}, as fake.snapshot() returns)',
    );
  }
  s.ads.forEach((ad, i) => {
    checkFields(ad, AD_FIELDS, `ads[${i}]`);
    (ad.log as unknown[]).forEach((entry, j) => checkFields(entry, LOG_FIELDS, `ads[${i}].log[${j}]`));
  });
  if (s.queues !== undefined && !isObject(s.queues)) throw new TypeError('fake.load(snapshot): queues must be an object');
  if (s.bumpDenied !== undefined && !(Array.isArray(s.bumpDenied) && s.bumpDenied.every(isString))) {
    throw new TypeError('fake.load(snapshot): bumpDenied must be an array of dealer codes');
  }
  for (const [key, queue] of Object.entries(s.queues ?? {})) {
    if (!Array.isArray(queue)) throw new TypeError(`fake.load(snapshot): queues["${key}"] must be an array of jobs`);
    queue.forEach((job, i) => {
      const j = job as unknown as Record<string, unknown>;
      if (!isObject(job) || !isString(j.request_id) || !isArray(j.actions) || !isNumber(j.index)) {
        throw new TypeError(`fake.load(snapshot): queues["${key}"][${i}] must be a job {request_id, actions, index, started}`);
      }
    });
  }
}
