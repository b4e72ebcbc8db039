import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBlock, tsBlocks } from '../src/index.js';

describe('tsBlocks', () => {
  it('answers the ts blocks of a markdown file in order, and only those', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'doc-tests-'));
    try {
      const file = join(dir, 'README.md');
      await writeFile(file, '# x\n\n```ts\nconst a = 1;\n```\n\n```sh\nls\n```\n\n```ts\nconst b = 2;\n```\n');
      expect(await tsBlocks(pathToFileURL(file))).toEqual(['const a = 1;\n', 'const b = 2;\n']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('runBlock', () => {
  const math = { double: (n: number) => n * 2 };

  it('runs a block with types, its imports answered (as namespaces or loaders), and answers what it declared', async () => {
    const block = "import { double, type Unused } from 'math';\nconst { twice }: { twice: number } = { twice: double(21) };\nfunction half(n: number): number { return n / 2; }\n";
    const direct = await runBlock(block, { modules: { math } });
    expect(direct.declared['twice']).toBe(42);
    expect((direct.declared['half'] as (n: number) => number)(8)).toBe(4);
    const lazy = await runBlock(block, { modules: { math: async () => math } });
    expect(lazy.declared['twice']).toBe(42);
  });

  it('renames imports as written', async () => {
    const { declared } = await runBlock("import { double as d } from 'math';\nconst x = d(2);\n", { modules: { math } });
    expect(declared['x']).toBe(4);
  });

  it('refuses an import the test does not provide, naming it', async () => {
    await expect(runBlock("import { x } from 'elsewhere';\n", { modules: {} })).rejects.toThrow("imports 'elsewhere', which the test does not provide");
  });

  it('gives a block the names it uses from the context', async () => {
    const { declared } = await runBlock('const total = client.count + 1;\n', { modules: {}, context: { client: { count: 2 } } });
    expect(declared['total']).toBe(3);
  });

  it('runs the tests a block declares between its hooks, and names a failing one', async () => {
    const order: string[] = [];
    const block = "beforeAll(() => log('all'));\nbeforeEach(() => log('each'));\nafterEach(() => log('after'));\nafterAll(() => log('done'));\nit('one', () => log('one'));\nit('two', () => log('two'));\n";
    const run = await runBlock(block, { modules: {}, context: { log: (s: string) => order.push(s) } });
    expect(run.tests).toBe(2);
    expect(order).toEqual(['all', 'each', 'one', 'after', 'each', 'two', 'after', 'done']);
    await expect(runBlock("it('breaks', () => { expect(1).toBe(2); });\n", { modules: {}, expect })).rejects.toThrow('README example "breaks" failed');
  });
});

describe('runBlock claims', () => {
  const fuel = { nameOf: (id: string) => ({ diesel: 'Diesel', el: 'El' })[id], ids: ['diesel', 'el'] };

  it('checks a value comment against its expression, and counts it', async () => {
    const block = "fuel.nameOf('diesel'); // 'Diesel'\nfuel.ids; // ['diesel', 'el']\n";
    expect((await runBlock(block, { modules: {}, context: { fuel }, claims: true })).claims).toBe(2);
  });

  it('fails naming the expression when a claim does not hold', async () => {
    const block = "fuel.nameOf('el'); // 'Electric'\n";
    await expect(runBlock(block, { modules: {}, context: { fuel }, claims: true })).rejects.toThrow("fuel.nameOf('el') gave 'El', the comment says 'Electric'");
  });

  it('leaves prose, shortened values and declarations alone', async () => {
    const block = "fuel.ids; // ['diesel', ..., 'el']\nfuel.nameOf('el'); // the electric one\nconst x = 1; // 2\n";
    expect((await runBlock(block, { modules: {}, context: { fuel }, claims: true })).claims).toBe(0);
  });

  it('checks nothing unless asked', async () => {
    expect((await runBlock("fuel.nameOf('el'); // 'Electric'\n", { modules: {}, context: { fuel } })).claims).toBe(0);
  });
});

describe('runBlock claims on the next line', () => {
  it('reads a value comment alone on the line after the expression', async () => {
    const block = "[1, 2].map((n) => n * 2);\n// [2, 4]\n";
    expect((await runBlock(block, { modules: {}, claims: true })).claims).toBe(1);
    await expect(runBlock("[1, 2].map((n) => n * 3);\n// [2, 4]\n", { modules: {}, claims: true })).rejects.toThrow('gave [ 3, 6 ]');
  });
});

describe('runBlock fragments', () => {
  it('answers what a top-level return gives, with what was declared before it', async () => {
    const run = await runBlock("const status = 503;\nif (status > 500) return { status };\nconst never = 1;\n", { modules: {} });
    expect(run.returned).toEqual({ status: 503 });
    expect(run.declared).toEqual({ status: 503 });
  });
});
