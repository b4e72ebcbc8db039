import { createHmac } from 'node:crypto';
import type { Random } from './random.js';

/**
 * Inputs a fuzzer of a fake sends: odd values, odd path segments, mutated bodies and forged tokens, all drawn from a
 * seeded `Random`, so a run replays exactly. Both kit fakes' fuzzers use them; a fake of another API can too.
 */

/**
 * One item of `items`, drawn from `random`.
 *
 * @example
 * const method = pick(random, ['GET', 'POST', 'PUT']);
 */
export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random.next() * items.length)];
  if (item === undefined) throw new Error('pick: no items');
  return item;
}

/**
 * A JSON value a validator may not expect: empty, huge, negative, deeply nested, of another type.
 *
 * @example
 * body.price = oddValue(random);
 */
export function oddValue(random: Random): unknown {
  return pick<() => unknown>(random, [
    () => null,
    () => '',
    () => ' ',
    () => -1,
    () => 0,
    () => 1e308,
    () => -0.5,
    () => 2 ** 53 + 1,
    () => true,
    () => [],
    () => ({}),
    () => 'x'.repeat(1 + Math.floor(random.next() * 20_000)),
    () => '\u0000\u202e\ud800',
    () => '<script>alert(1)</script>',
    () => "'; DROP TABLE ads; --",
    () => '../../etc/passwd',
    () => JSON.parse(`${'['.repeat(30)}1${']'.repeat(30)}`) as unknown,
    () => JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown,
    () => [oddValue(random), oddValue(random)],
  ])();
}

/**
 * A path segment a router may not expect: encoded nulls and slashes, dot segments, broken escapes, long, unicode.
 *
 * @example
 * const path = `/v4/car/${oddSegment(random)}`;
 */
export function oddSegment(random: Random): string {
  return pick(random, [
    '%00',
    '%2F',
    '..',
    '%2e%2e',
    '%E0%A4%A',
    '%',
    'é',
    '%C3%A9',
    '{source_id}',
    'x'.repeat(3000),
    '%20',
    'null',
    '-1',
    'a;b',
    'a%3Fb',
    '0x10',
  ]);
}

/**
 * `value` with one random change: a field dropped, set to an odd value or added; the whole body replaced by an odd
 * value; or unchanged (a fuzzer should send valid bodies too).
 *
 * @example
 * const body = mutatedJson(random, factory.buildAd('car'));
 */
export function mutatedJson(random: Random, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return random.next() < 0.5 ? value : oddValue(random);
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const key = keys.length === 0 ? 'field' : pick(random, keys);
  const roll = random.next();
  if (roll < 0.3) return copy;
  if (roll < 0.45) delete copy[key];
  else if (roll < 0.75) copy[key] = oddValue(random);
  else if (roll < 0.85) copy[`unknown_${Math.floor(random.next() * 100)}`] = oddValue(random);
  else if (roll < 0.92) copy[key] = mutatedJson(random, copy[key]);
  else return oddValue(random);
  return copy;
}

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const hs256 = (secret: string, input: string) => createHmac('sha256', secret).update(input).digest('base64url');

/**
 * Forgeries of a valid HS256 token, each named by how it was made (never by a secret): the same claims signed with
 * each of `wrongSecrets` (`label` names it), `alg: none`, another algorithm named with the old signature, claims
 * changed by `tamper` under the old signature, the signature respelt (padding, `+/`, a stray character), cut,
 * missing, and a token of two or four segments. A fake must refuse every one.
 *
 * @example
 * for (const { how, token } of forgedTokens(valid, { wrongSecrets: [{ label: 'a wrong key', secret: 'wrong' }], tamper: (c) => ({ ...c, sub: 'admin' }) }))
 *   expect((await call(token)).status, how).toBe(401);
 */
export function forgedTokens(
  token: string,
  options: { wrongSecrets: ReadonlyArray<{ label: string; secret: string }>; tamper?: (claims: Record<string, unknown>) => Record<string, unknown> },
): Array<{ how: string; token: string }> {
  const [header = '', payload = '', signature = ''] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const forged: Array<{ how: string; token: string }> = options.wrongSecrets.map(({ label, secret }) => ({
    how: `signed with ${label}`,
    token: `${header}.${payload}.${hs256(secret, `${header}.${payload}`)}`,
  }));
  const none = segment({ alg: 'none', typ: 'JWT' });
  forged.push({ how: 'alg none', token: `${none}.${payload}.` });
  forged.push({ how: 'alg HS512 named, HS256 signature kept', token: `${segment({ alg: 'HS512', typ: 'JWT' })}.${payload}.${signature}` });
  if (options.tamper !== undefined) {
    const tampered = segment(options.tamper(claims));
    forged.push({ how: 'claims changed, signature kept', token: `${header}.${tampered}.${signature}` });
    for (const { label, secret } of options.wrongSecrets)
      forged.push({ how: `claims changed, signed with ${label}`, token: `${header}.${tampered}.${hs256(secret, `${header}.${tampered}`)}` });
  }
  forged.push(
    { how: 'signature padded', token: `${token}=` },
    { how: 'signature in the +/ alphabet', token: `${header}.${payload}.${signature.replace(/-/g, '+').replace(/_/g, '/')}${/[-_]/.test(signature) ? '' : '+'}` },
    { how: 'a stray character in the signature', token: `${header}.${payload}.${signature.slice(0, 5)}*${signature.slice(5)}` },
    { how: 'signature cut short', token: `${header}.${payload}.${signature.slice(0, -4)}` },
    { how: 'no signature', token: `${header}.${payload}.` },
    { how: 'two segments', token: `${header}.${payload}` },
    { how: 'four segments', token: `${token}.${signature}` },
  );
  return forged;
}
