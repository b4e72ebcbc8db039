import { validationRunner, type PayloadSchemas } from '@x/client-runtime/validation';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { drfShape } from '../../src/runtime/validation/drf-errors.js';
import { resourceNames } from '../../src/validators/index.js';
import { specExamples } from './spec-examples.js';

// The runner compiles a schema (zod's ahead-of-time compiler) once it is used often; here at once, against a
// runner that never does: every answer must be the same, on valid bodies and on broken ones.
const compiled = validationRunner(drfShape, { compileAfter: 1 });
const interpreted = validationRunner(drfShape, { compileAfter: Number.POSITIVE_INFINITY });

const pascal = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
const camel = (name: string) => pascal(name).replace(/^./, (c) => c.toLowerCase());
const BAD_VALUES: unknown[] = [null, 'x', -1, 1.5, [], {}, true];

type Body = Record<string, unknown>;

/** The example, and the example with each top-level and category field removed or given each bad value. */
function variants(example: Body): unknown[] {
  const out: unknown[] = [example, { ...example, not_a_field: 1 }, [], 'text'];
  for (const key of Object.keys(example)) {
    const { [key]: _removed, ...rest } = example;
    out.push(rest, ...BAD_VALUES.map((value) => ({ ...example, [key]: value })));
  }
  const fields = example.category_fields;
  if (typeof fields === 'object' && fields !== null) {
    for (const key of Object.keys(fields)) out.push(...BAD_VALUES.map((value) => ({ ...example, category_fields: { ...fields, [key]: value } })));
  }
  return out;
}

describe('compiled validators answer exactly as zod interprets them', () => {
  const examples = specExamples();
  it.each(resourceNames.map((name) => [name]))('%s', async (name) => {
    const module = (await import(`@x/pro-import-client/validators/${name}`)) as Record<string, z.ZodType>;
    let checked = 0;
    for (const example of examples.filter((e) => e.resource === name)) {
      const kind = pascal(example.kind);
      const schema = module[`${camel(name)}${kind}Schema`];
      const strict = module[`${camel(name)}${kind}StrictSchema`];
      if (schema === undefined || strict === undefined) throw new Error(`${name}: no ${kind} schemas`);
      const schemas: PayloadSchemas<z.ZodType> = { schema, strict, notes: {} };
      for (const body of variants(example.example as Body)) {
        for (const strictMode of [false, true]) {
          const expected = interpreted(schemas, body, { strict: strictMode });
          compiled(schemas, body, { strict: strictMode });
          expect({ ...compiled(schemas, body, { strict: strictMode }) }).toEqual({ ...expected });
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
