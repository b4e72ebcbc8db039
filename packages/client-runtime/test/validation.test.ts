import { z } from 'zod';
import { describe, expect, it, vi } from 'vitest';
import { validationRunner, type ErrorShape, type FieldProblem, type RuleNotes } from '../src/validation/index.js';

/** The smallest error shape: a list of path/message pairs. */
const listShape: ErrorShape<FieldProblem[]> = {
  parseOptions: { reportInput: true },
  toErrors: (issues) => issues.map((issue) => ({ path: issue.path.map(String).join('.'), messages: [issue.message] })),
  flatten: (errors) => errors,
  forbiddenMessage: 'forbidden',
  keywordOf: () => undefined,
};
const run = validationRunner(listShape);

const MAP_RULE = { kind: 'reconstructed', reason: 'Attribute values are strings in every example.' } as const;
const TITLE_RULE = { kind: 'inferred', reason: 'The examples are short.' } as const;
const notes: RuleNotes = { attributes: { additionalProperties: MAP_RULE }, title: { maxLength: TITLE_RULE } };
const schemas = {
  schema: z.object({ title: z.string(), attributes: z.record(z.string(), z.unknown()).optional() }),
  strict: z.object({ title: z.string().max(5), attributes: z.record(z.string(), z.string()).optional() }),
  notes,
};

describe('validationRunner', () => {
  it('refuses a documented rule and sends nothing', () => {
    const outcome = run(schemas, { title: 1 });
    expect(outcome.success).toBe(false);
  });

  it('answers a rule only the strict schema has as a warning with its source', () => {
    const outcome = run(schemas, { title: 'far too long' });
    expect(outcome.success).toBe(true);
    expect(outcome.warnings).toEqual([expect.objectContaining({ path: 'title', source: TITLE_RULE })]);
  });

  it("gives a map entry's warning the map's own source, not the generic one", () => {
    const outcome = run(schemas, { title: 'ok', attributes: { color: 3 } });
    expect(outcome.success).toBe(true);
    expect(outcome.warnings).toEqual([expect.objectContaining({ path: 'attributes.color', source: MAP_RULE })]);
  });

  it('refuses the warnings too when strict', () => {
    expect(run(schemas, { title: 'far too long' }, { strict: true }).success).toBe(false);
  });
});

describe('validationRunner: speed without a change of answer', () => {
  it("gives a refused body the strict rules' warnings, less what the documented rules refused", () => {
    const outcome = run(schemas, { attributes: { color: 3 } });
    expect(outcome).toEqual({ success: false, errors: [{ path: 'title', messages: [expect.any(String)] }], warnings: [expect.objectContaining({ path: 'attributes.color', source: MAP_RULE })] });
  });

  it('works out the warnings of a refused body once, and lets them be replaced like any property', () => {
    const strict = z.object({ title: z.string().max(5) });
    const spy = vi.spyOn(strict, 'safeParse');
    const outcome = run({ schema: z.object({ title: z.string() }), strict, notes: {} }, { title: 1 });
    expect(spy).not.toHaveBeenCalled();
    expect(outcome.warnings).toEqual([]);
    expect(outcome.warnings).toEqual([]);
    expect(spy).toHaveBeenCalledTimes(1);
    outcome.warnings = [{ path: 'x', message: 'y', source: TITLE_RULE }];
    expect(outcome.warnings).toHaveLength(1);
  });

  it("parses a valid body without the error shape's options (they slow zod down), and a refused one with them", () => {
    const schema = z.object({ title: z.string() });
    const spy = vi.spyOn(schema, 'safeParse');
    run({ schema, strict: schema, notes: {} }, { title: 'ok' });
    expect(spy.mock.calls).toEqual([[{ title: 'ok' }]]);
    spy.mockClear();
    run({ schema, strict: schema, notes: {} }, { title: 1 });
    expect(spy.mock.calls).toEqual([[{ title: 1 }], [{ title: 1 }, listShape.parseOptions]]);
  });

  it('answers the same once its schemas are compiled', () => {
    expect(typeof (z as { compile?: unknown }).compile).toBe('function');
    const compiled = validationRunner(listShape, { compileAfter: 1 });
    const bodies = [{ title: 'ok' }, { title: 'far too long' }, { title: 1 }, { attributes: { color: 3 } }, { title: 'ok', attributes: { a: 'b' } }, null, 'text'];
    for (const body of bodies) {
      for (const strict of [false, true]) {
        const expected = run(schemas, body, { strict });
        // Twice: the first call compiles, the second runs the compiled schema.
        compiled(schemas, body, { strict });
        expect({ ...compiled(schemas, body, { strict }) }).toEqual({ ...expected });
      }
    }
  });
});
