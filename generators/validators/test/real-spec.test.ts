import { fileURLToPath } from 'node:url';
import { loadModel, type ApiModel } from '@x/generator-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate, validatorTargets } from '../src/index.js';

const API_DIR = fileURLToPath(new URL('../../../spec/pro-import', import.meta.url));

let model: ApiModel;
beforeAll(async () => {
  model = await loadModel(API_DIR);
});

describe('validators generated from the pro-import snapshot', () => {
  it('cover the 16 vehicle types (create, update, patch, migrate) and V3 (create, update, patch)', () => {
    const targets = validatorTargets(model);
    expect(targets).toHaveLength(17);
    for (const target of targets.filter((t) => t.key !== 'v3')) expect(Object.keys(target.schemas).sort()).toEqual(['create', 'migrate', 'patch', 'update']);
    expect(Object.keys(targets.find((t) => t.key === 'v3')?.schemas ?? {}).sort()).toEqual(['create', 'patch', 'update']);
  });

  it('match the golden car module', async () => {
    const files = await generate(model);
    await expect(files.find((f) => f.path === 'validators/car.gen.ts')?.contents).toMatchFileSnapshot('__golden__/pro-import/car.gen.ts');
  });

  it('are deterministic', async () => {
    expect(await generate(model)).toEqual(await generate(model));
  });
});
