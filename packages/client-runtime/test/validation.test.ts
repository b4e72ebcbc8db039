import { z } from 'zod';
import { describe, expect, it } from 'vitest';
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
