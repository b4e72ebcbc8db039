import { fileURLToPath } from 'node:url';
import { loadModel, type ApiModel } from '@x/generator-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../src/index.js';

const API_DIR = fileURLToPath(new URL('../../../spec/pro-import', import.meta.url));

let model: ApiModel;
beforeAll(async () => {
  model = await loadModel(API_DIR);
});

/** Lines of `after` that differ from `before`, with their line numbers (files keep their length here). */
function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) if (a[i] !== b[i]) out.push(`${i + 1}: ${a[i] ?? ''} -> ${b[i] ?? ''}`);
  return out;
}

describe('enums generated from the pro-import snapshot', () => {
  it('is deterministic', async () => {
    expect(await generate(model)).toEqual(await generate(model));
  });

  it('renaming one catalogue value changes only that value line', async () => {
    const before = await generate(model);
    const changed = structuredClone(model);
    const car = changed.resources.find((r) => r.name === 'car');
    const volvo = car?.catalogue?.values['brand']?.find((v) => v.id === 'volvo');
    if (volvo === undefined) throw new Error('the car catalogue has no volvo brand');
    volvo.name = 'Volvo Cars';
    const after = await generate(changed);
    const diffs = after.flatMap((file, i) => changedLines(before[i]?.contents ?? '', file.contents).map((line) => `${file.path} ${line}`));
    expect(diffs).toEqual([expect.stringMatching(/^car\.gen\.ts \d+:   \{ id: 'volvo', name: 'Volvo' \}, -> {3}\{ id: 'volvo', name: 'Volvo Cars' \},$/)]);
  });

  it('adding a catalogue value adds exactly one line', async () => {
    const before = await generate(model);
    const changed = structuredClone(model);
    changed.resources.find((r) => r.name === 'boat')?.catalogue?.values['brand']?.push({ id: 'zzz-marine', name: 'ZZZ Marine' });
    const after = await generate(changed);
    const boatBefore = before.find((f) => f.path === 'boat.gen.ts')?.contents.split('\n') ?? [];
    const boatAfter = after.find((f) => f.path === 'boat.gen.ts')?.contents.split('\n') ?? [];
    expect(boatAfter.filter((line) => !boatBefore.includes(line))).toEqual(["  { id: 'zzz-marine', name: 'ZZZ Marine' },"]);
    expect(boatAfter).toHaveLength(boatBefore.length + 1);
    expect(after.filter((f, i) => f.contents !== before[i]?.contents).map((f) => f.path)).toEqual(['boat.gen.ts']);
  });
});
