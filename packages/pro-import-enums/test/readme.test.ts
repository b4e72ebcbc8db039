import { runBlock, tsBlocks } from '@x/doc-tests';
import { describe, expect, it } from 'vitest';
import * as enums from '../src/index.js';

// Each block's `expression; // value` comments are checked: the README cannot show a value the package does not give.
const README = new URL('../README.md', import.meta.url);
const MODULES = { '@x/pro-import-enums': enums, '@x/pro-import-enums/car': () => import('../src/generated/car.gen.js') };

describe('README examples run as written', async () => {
  const blocks = await tsBlocks(README);

  it('has the vehicle types, the car attributes and the models-per-brand examples', () => {
    expect(blocks).toHaveLength(3);
  });

  it('vehicle types: every value it shows is what the package answers', async () => {
    expect((await runBlock(blocks[0] ?? '', { modules: MODULES, claims: true })).claims).toBe(4);
  });

  it('car attributes: the dropdown, the stock mapping and the name lookup', async () => {
    const { declared, claims } = await runBlock(blocks[1] ?? '', { modules: MODULES, claims: true });
    expect(claims).toBe(1);
    const toFuel = declared['toFuel'] as (raw: string) => string;
    expect(toFuel('Diesel')).toBe('diesel');
    expect(() => toFuel('steam')).toThrow('"steam" is not a Blocket fuel; use one of');
    expect((declared['options'] as unknown[]).length).toBeGreaterThan(10);
  });

  it('models per brand: the lookups it shows', async () => {
    expect((await runBlock(blocks[2] ?? '', { modules: MODULES, claims: true })).claims).toBe(3);
  });
});
