import { fileURLToPath } from 'node:url';
import { loadModel, type ApiModel } from '@x/generator-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { payloadTargets as validatorTargets } from '@x/generator-core';
import { generate } from '../src/index.js';

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

  it('are deterministic', async () => {
    expect(await generate(model)).toEqual(await generate(model));
  });
});

describe('one source of truth for catalogue values', () => {
  it('no validators module spells out a catalogue value list: they come from the enums package', async () => {
    const files = await generate(model);
    for (const target of validatorTargets(model)) {
      const contents = files.find((f) => f.path === `validators/${target.key}.gen.ts`)?.contents ?? '';
      const ids = new Set(Object.values(target.catalogue?.values ?? {}).flat().map((v) => v.id));
      const spelled = [...contents.matchAll(/z\.enum\(\[([^\]]*)\]\)/g)].flatMap((m) => [...(m[1] ?? '').matchAll(/'([^']*)'/g)].map((q) => q[1]));
      const listed = spelled.filter((id) => id !== undefined && ids.has(id) && !['list', 'reduced', 'leasing'].includes(id));
      expect(listed, `${target.key} lists catalogue ids inline`).toEqual([]);
      if (target.catalogue !== undefined) expect(contents).toContain(`from '@x/pro-import-enums/${target.key}'`);
    }
  });

  it('renaming a catalogue value leaves every validators module unchanged', async () => {
    const before = await generate(model);
    const { provenance, ...data } = model;
    const changed = { ...structuredClone(data), provenance };
    const volvo = changed.resources.find((r) => r.name === 'car')?.catalogue?.values['brand']?.find((v) => v.id === 'volvo');
    if (volvo === undefined) throw new Error('the car catalogue has no volvo brand');
    volvo.name = 'Volvo Cars';
    expect(await generate(changed)).toEqual(before);
  });
});
