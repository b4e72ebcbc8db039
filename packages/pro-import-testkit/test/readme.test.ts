import { describe, expect, it } from 'vitest';
import { createFake } from '../src/index.js';
import { runBlock, tsBlocks } from '@x/doc-tests';

const README = new URL('../README.md', import.meta.url);
const MODULES = {
  'msw/node': () => import('msw/node'),
  '@x/pro-import-client': () => import('@x/pro-import-client'),
  '@x/pro-import-testkit': () => import('../src/index.js'),
  '@x/pro-import-testkit/msw': () => import('../src/msw.js'),
  '@x/pro-import-testkit/server': () => import('../src/server.js'),
};

describe('README examples run as written', async () => {
  const blocks = await tsBlocks(README);

  it('has the msw example, the *AndWait example and the fault injection example', () => {
    expect(blocks).toHaveLength(3);
  });

  it('the msw example publishes an ad by advancing the manual clock', async () => {
    expect((await runBlock(blocks[0] ?? '', { modules: MODULES, expect })).tests).toBe(1);
  });

  it('the *AndWait example creates and deletes with autoAdvance, nobody advancing the clock', async () => {
    expect((await runBlock(blocks[1] ?? '', { modules: MODULES, expect })).tests).toBe(1);
  }, 10_000);

  it('the fault injection example configures every kind of fault on a fake, and clear() removes them', async () => {
    const fake = createFake();
    await runBlock(blocks[2] ?? '', { modules: MODULES, context: { fake }, expect });
    expect(fake.faults.describe()).toEqual({ scheduled: [], rate: null, actions: [] });
  });
});
