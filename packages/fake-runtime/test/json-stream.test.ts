import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonChunks, loadStateFile, parseJsonStream, Random, saveStateAtomically, writeJson } from '../src/index.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'json-stream-'));
  dirs.push(dir);
  return dir;
}

/** Values whose pretty JSON has every shape JSON.stringify writes: the streamed text must be the same, byte for byte. */
const VALUES: Array<[string, unknown]> = [
  ['a number', 1],
  ['null', null],
  ['an empty object', {}],
  ['an empty array', []],
  ['a state', { version: 1, ads: [{ id: 'a', fields: { title: 'Volvo "V70"\\\n', tags: [] } }, { id: 'b', log: [{}] }], queues: {}, counters: { n: 2 } }],
  ['what JSON leaves out or turns to null', { a: undefined, f: () => 1, list: [undefined, () => 1, Symbol('s'), Number.NaN, -0, Infinity], deep: { x: [[{ y: undefined }]] } }],
  ['toJSON (a Date) at every depth', { at: new Date(0), items: [new Date(1), { when: new Date(2) }] }],
  ['unicode and odd keys', { 'å "ä"': 'ö\u2028😀', __proto__x: 1, ['__proto__']: { z: 1 }, '': [1.5e300, 'x'] }],
  ['a top-level array of arrays', [[1, [2, [3]]], [], [{}]]],
];

describe('jsonChunks and writeJson', () => {
  it.each(VALUES)('%s: text that parses to what JSON.stringify writes', async (_name, value) => {
    const expected: unknown = JSON.parse(JSON.stringify(value));
    expect(JSON.parse([...jsonChunks(value)].join(''))).toEqual(expected);
    const chunks: Buffer[] = [];
    const size = await writeJson(value, async (list) => void chunks.push(...list), { chunkBytes: 7 });
    const text = Buffer.concat(chunks).toString();
    expect(JSON.parse(text)).toEqual(expected);
    expect(text.endsWith('}\n') || text.endsWith(']\n') || text.endsWith('l\n') || text.endsWith('1\n')).toBe(true);
    expect(size).toBe(Buffer.byteLength(text));
  });

  it('lays a state out as an indented outline with one compact item per line', () => {
    const state = { version: 1, ads: [{ id: 'a', fields: { title: 'V70' } }, { id: 'b' }], queues: { 'D1/a': [{ action: 'publish' }] }, counters: { n: 2 }, none: [] };
    expect([...jsonChunks(state)].join('')).toBe(
      [
        '{',
        '  "version": 1,',
        '  "ads": [',
        '    {"id":"a","fields":{"title":"V70"}},',
        '    {"id":"b"}',
        '  ],',
        '  "queues": {',
        '    "D1/a": [{"action":"publish"}]',
        '  },',
        '  "counters": {',
        '    "n": 2',
        '  },',
        '  "none": []',
        '}',
      ].join('\n'),
    );
  });

  it('a bigint is refused as JSON.stringify refuses it', () => {
    expect(() => [...jsonChunks({ items: [{ n: 1n }] })]).toThrow(TypeError);
  });

  it('writes in chunks of about chunkBytes, each item whole', async () => {
    const value = { items: Array.from({ length: 50 }, (_, i) => ({ i, text: 'x'.repeat(1000) })) };
    const sizes: number[] = [];
    await writeJson(value, async (list) => void sizes.push(list.reduce((sum, chunk) => sum + chunk.length, 0)), { chunkBytes: 10_000 });
    expect(sizes.length).toBeGreaterThan(4);
    for (const size of sizes.slice(0, -1)) expect(size).toBeLessThan(10_000 + 1100);
  });
});

/** The text in pieces split at random places (also inside escapes, multi-byte characters and the outline). */
function* split(text: string, random: Random, maxPiece: number): Generator<Uint8Array> {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + Math.floor(random.next() * maxPiece);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}
async function* asAsync(pieces: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* pieces;
}

describe('parseJsonStream', () => {
  const texts: Array<[string, string]> = [
    ...VALUES.map(([name, value]): [string, string] => [name, JSON.stringify(value, null, 2)]),
    ['compact text', JSON.stringify(VALUES.map(([, value]) => value))],
    ['escaped quotes and backslashes', '{"a": ["\\\\", "\\"", "\\\\\\"", {"b": "}\\\\\\\\"}], "c": "\\\\\\\\\\"]"}'],
    ['brackets inside strings', '{"a": [{"x": "[{"}, {"y": "]}"}], "b": "{"}'],
  ];

  it.each(texts)('%s: the value JSON.parse gives, however the text is cut', async (_name, text) => {
    const random = new Random(text.length);
    for (const maxPiece of [1, 2, 3, 7, 64, 1 << 20])
      expect(await parseJsonStream(asAsync(split(text, random, maxPiece)))).toEqual(JSON.parse(text));
  });

  it.each([
    ['{"a": [{"x": 1}', /Unexpected end of JSON input after 15 bytes/],
    ['{"a": [{"x": 1}]}}', /Unexpected "}" at byte 17/],
    ['{"a": [{"x": 1,}]}', /in the value that starts at byte 7/],
    ['{"a": [{"x": 1}{"y": 2}]}', /JSON/],
    ['{"a": "never closed', /Unexpected end of JSON input/],
  ])('broken text %j is a SyntaxError that says where', async (text, message) => {
    await expect(parseJsonStream(asAsync([Buffer.from(text)]))).rejects.toThrow(message);
    await expect(parseJsonStream(asAsync([Buffer.from(text)]))).rejects.toBeInstanceOf(SyntaxError);
  });
});

describe('state files of any size', () => {
  it('a state file read as a stream is the same as one read whole', async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.json');
    const state = VALUES[4]?.[1];
    await saveStateAtomically(file, state);
    expect(await loadStateFile(file, { streamFromBytes: 0 })).toEqual(await loadStateFile(file));
    await expect(loadStateFile(join(dir, 'missing.json'), { streamFromBytes: 0 })).resolves.toBeUndefined();
  });

  it('serializes while writing: the first bytes are on disk and the event loop has run before the last item is serialized', async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.json');
    let turns = 0;
    const ticker = setInterval(() => (turns += 1), 0);
    let seen: { bytes: number; turns: number } | undefined;
    const temp = () => (readdirSyncSafe(dir).find((name) => name.startsWith('state.json.tmp-')) ?? 'none');
    const last = {
      toJSON: () => {
        seen = { bytes: sizeOf(join(dir, temp())), turns };
        return 'last';
      },
    };
    try {
      await saveStateAtomically(file, { items: [...Array.from({ length: 24 }, () => 'x'.repeat(1 << 20)), last] });
    } finally {
      clearInterval(ticker);
    }
    expect(seen?.bytes).toBeGreaterThan(16 << 20);
    expect(seen?.turns).toBeGreaterThan(0);
    expect((await stat(file)).size).toBeGreaterThan(24 << 20);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('saves and loads a state larger than V8\'s largest string (600 MiB: JSON.stringify and readFile throw past ~512 MiB)', async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.json');
    // 600 items of 1 MiB that share one string: 1 MiB in memory, 600 MiB of JSON.
    const oneMiB = 'a'.repeat(1 << 20);
    const state = { version: 1, ads: Array.from({ length: 600 }, (_, i) => ({ id: `ad-${i}`, fields: { body: oneMiB } })) };
    expect(() => JSON.stringify(state)).toThrow(RangeError);
    await saveStateAtomically(file, state);
    expect((await stat(file)).size).toBeGreaterThan(600 * (1 << 20));
    const loaded = (await loadStateFile(file)) as typeof state;
    expect(loaded.ads).toHaveLength(600);
    expect(loaded.ads.every((ad, i) => ad.id === `ad-${i}` && ad.fields.body === oneMiB)).toBe(true);
  }, 120_000);
});

function readdirSyncSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
