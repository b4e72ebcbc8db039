import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePullArgs } from '../src/args.js';
import { describeError, redact } from '../src/errors.js';
import { fillPath } from '../src/fetch-spec.js';
import { backoffDelay, createHttpClient, DEFAULT_RETRY, parseRetryAfter, resolveUrl } from '../src/http.js';
import { mapLimit } from '../src/pool.js';
import { recoverSnapshot } from '../src/snapshot.js';
import { readTree } from './helpers.js';

describe('http helpers', () => {
  it.each([
    ['https://h/api', '/v4/car', 'https://h/api/v4/car'],
    ['https://h/api/', 'v4/car', 'https://h/api/v4/car'],
    ['https://h/api', 'http://other/schema', 'http://other/schema'],
  ])('resolveUrl(%s, %s) = %s', (base, path, expected) => {
    expect(resolveUrl(base, path)).toBe(expected);
  });

  it.each([
    ['3', 3000],
    ['0', 0],
    ['Thu, 01 Jan 2025 00:00:10 GMT', 10_000],
    ['soon', undefined],
    [null, undefined],
  ])('parseRetryAfter(%s) = %s', (value, expected) => {
    expect(parseRetryAfter(value, Date.parse('2025-01-01T00:00:00Z'))).toBe(expected);
  });

  it('doubles the delay per attempt, adds up to as much jitter again, and caps it', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(policy, a, () => 0))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(policy, 2, () => 0.5)).toBe(300);
  });
});

describe('createHttpClient: what is retried', () => {
  const failing = (code: string) => {
    let calls = 0;
    const fetch = (async () => {
      calls += 1;
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code} x.invalid`), { code }) });
    }) as unknown as typeof globalThis.fetch;
    const sleeps: number[] = [];
    const http = createHttpClient({
      baseUrl: 'https://x.invalid/api',
      auth: { header: 'X-Auth-Token', token: 't0ken-value', tokenEnv: 'T' },
      fetch,
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0,
    });
    return { http, calls: () => calls, sleeps };
  };

  it.each([
    ['ECONNREFUSED', 'nothing accepts connections at that address'],
    ['ENOTFOUND', 'the host name does not exist'],
    ['CERT_HAS_EXPIRED', 'its TLS certificate has expired'],
  ])('%s fails at once, saying what to check', async (code, hint) => {
    const { http, calls, sleeps } = failing(code);
    await expect(http.getText('/docs')).rejects.toThrow(`cannot reach x.invalid (${code}) for GET https://x.invalid/api/docs: ${hint}`);
    expect([calls(), sleeps]).toEqual([1, []]);
  });

  it.each(['ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_SOCKET'])('%s is retried with backoff', async (code) => {
    const { http, calls, sleeps } = failing(code);
    await expect(http.getText('/docs')).rejects.toThrow(`(${code}) for GET https://x.invalid/api/docs after 4 attempts`);
    expect([calls(), sleeps]).toEqual([4, [500, 1000, 2000]]);
  });
});

describe('fillPath', () => {
  it('fills placeholders as URL components and leaves unknown ones', () => {
    expect(
      fillPath('/v4/vehicles/{resource}/{attribute}', { resource: 'car', attribute: 'powertrain.fuel' }),
    ).toBe('/v4/vehicles/car/powertrain.fuel');
    expect(fillPath('/models?brand={parent}', { parent: 'rolls royce/&' })).toBe(
      '/models?brand=rolls%20royce%2F%26',
    );
    expect(fillPath('/{x}', {})).toBe('/{x}');
  });
});

describe('redact', () => {
  it('also finds a token whose line break a message collapsed, escaped or encoded, and its long pieces', () => {
    const token = 'tok-3f9a1c77\nsecret-tail-9d2e';
    const messages = [
      describeError(new Error(`Headers.append: "${token}" is an invalid header value.`)),
      JSON.stringify({ header: token }),
      `https://x.example/?t=${encodeURIComponent(token)}`,
      'first part tok-3f9a1c77, then secret-tail-9d2e on its own',
    ];
    for (const message of messages) {
      const redacted = redact(message, token);
      expect(redacted).not.toContain('tok-3f9a1c77');
      expect(redacted).not.toContain('secret-tail-9d2e');
      expect(redacted).toContain('[redacted]');
    }
    expect(redact('short ab', 'ab\ncd')).toBe('short ab'); // pieces too short to be a secret alone stay
  });

  it('removes every occurrence of the token', () => {
    expect(redact('a tok b tok', 'tok')).toBe('a [redacted] b [redacted]');
    expect(redact('nothing', undefined)).toBe('nothing');
  });
});

describe('parsePullArgs', () => {
  it('reads flags and ignores the -- pnpm passes through', () => {
    expect(
      parsePullArgs(['--', '--api', 'x', '--base-url', 'http://h/', '--concurrency', '8', '--dry-run']),
    ).toEqual({
      api: 'x',
      baseUrl: 'http://h',
      concurrency: 8,
      dryRun: true,
      help: false,
    });
  });
  it.each([['--concurrency', '0'], ['--api', '../etc'], ['--nope']])('rejects %s %s', (...argv) => {
    expect(typeof parsePullArgs(argv)).toBe('string');
  });
});

describe('mapLimit', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const result = await mapLimit([5, 1, 3, 2, 4], 2, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running -= 1;
      return n * 10;
    });
    expect(result).toEqual([50, 10, 30, 20, 40]);
    expect(peak).toBe(2);
  });

  it('stops starting new calls after a failure and rethrows it', async () => {
    const started: number[] = [];
    await expect(
      mapLimit([1, 2, 3, 4, 5], 1, async (n) => {
        started.push(n);
        if (n === 2) throw new Error('two');
        return n;
      }),
    ).rejects.toThrow('two');
    expect(started).toEqual([1, 2]);
  });
});

describe('recoverSnapshot', () => {
  it('puts back the entries a crashed swap had moved aside', async () => {
    const root = await mkdtemp(join(tmpdir(), 'spec-pull-recover-'));
    try {
      const apiDir = join(root, 'api');
      await mkdir(join(apiDir), { recursive: true });
      await writeFile(join(apiDir, 'api.config.json'), 'config');
      // Crash after openapi.json was moved aside and the new one moved in, before the catalogues were swapped.
      await writeFile(join(apiDir, 'openapi.json'), 'new');
      await mkdir(join(apiDir, 'vehicles'));
      await writeFile(join(apiDir, 'vehicles', 'car.json'), 'old car');
      await mkdir(join(root, '.api.pull-backup'));
      await writeFile(join(root, '.api.pull-backup', 'openapi.json'), 'old');
      await mkdir(join(root, '.api.pull-staging', 'vehicles'), { recursive: true });
      await writeFile(join(root, '.api.pull-staging', 'vehicles', 'car.json'), 'new car');
      expect(await recoverSnapshot(apiDir)).toBe(true);
      expect(await readTree(root)).toEqual({
        'api/api.config.json': 'config',
        'api/openapi.json': 'old',
        'api/vehicles/car.json': 'old car',
      });
      expect(await recoverSnapshot(apiDir)).toBe(false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
