import { describe, expect, it } from 'vitest';
import { createKleinanzeigenFake } from '../src/index.js';
import { runBlock, tsBlocks } from '@x/doc-tests';

const README = new URL('../README.md', import.meta.url);
const MODULES = {
  'msw/node': () => import('msw/node'),
  '@x/kleinanzeigen-client': () => import('@x/kleinanzeigen-client'),
  '@x/kleinanzeigen-testkit': () => import('../src/index.js'),
  '@x/kleinanzeigen-testkit/msw': () => import('../src/msw.js'),
  '@x/kleinanzeigen-testkit/server': () => import('../src/server.js'),
};

describe('README examples run as written', async () => {
  const blocks = await tsBlocks(README);

  it('has the msw example, the *AndWait example and the fault injection example', () => {
    expect(blocks).toHaveLength(3);
  });

  it('the msw example publishes by advancing the manual clock', async () => {
    expect((await runBlock(blocks[0] ?? '', { modules: MODULES, expect })).tests).toBe(1);
  });

  it('the *AndWait example publishes and pauses with autoAdvance, nobody advancing the clock', async () => {
    expect((await runBlock(blocks[1] ?? '', { modules: MODULES, expect })).tests).toBe(1);
  }, 10_000);

  it('the fault injection example configures every kind of fault on a fake, and clear() removes them', async () => {
    const fake = createKleinanzeigenFake();
    await runBlock(blocks[2] ?? '', { modules: MODULES, context: { fake, listingUuid: 'a-listing' }, expect });
    expect(fake.faults.describe()).toEqual({ scheduled: [], rate: null, rejections: [] });
  });
});
