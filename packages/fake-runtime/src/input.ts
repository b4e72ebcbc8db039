import { z } from 'zod';

/**
 * Input a fake was given that it cannot use (an admin body, a fault rule, a state file): the message is one line
 * that says where and what, e.g. `POST /__fake/faults/schedule: path must be a string, got 1`.
 *
 * @example
 * try {
 *   fake.load(JSON.parse(text));
 * } catch (error) {
 *   if (error instanceof InputError) console.error(error.message); // one line, no stack
 * }
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}

const shown = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

const KINDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
  null: 'null',
};

/** One issue in words, without its place: `must be a string, got 1`. */
function describeIssue(issue: z.core.$ZodRawIssue): string {
  const got = 'input' in issue ? `, got ${shown(issue.input)}` : '';
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${KINDS[issue.expected] ?? issue.expected}${got}`;
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string') return minimum <= 1 ? `must not be empty${got}` : `must have at least ${minimum} characters${got}`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `must have at least ${minimum} item${minimum === 1 ? '' : 's'}${got}`;
      return `must be ${issue.inclusive === false ? '>' : '>='} ${minimum}${got}`;
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return `must have at most ${maximum} characters${got}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at most ${maximum} items${got}`;
      return `must be ${issue.inclusive === false ? '<' : '<='} ${maximum}${got}`;
    }
    case 'invalid_value':
      return `must be ${issue.values.length === 1 ? shown(issue.values[0]) : `one of ${issue.values.map(shown).join(', ')}`}${got}`;
    case 'unrecognized_keys':
      return `has unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_format':
      return `must be ${issue.format === 'regex' ? 'in the expected format' : `a valid ${issue.format}`}${got}`;
    default:
      return `${issue.message ?? 'is not valid'}${got}`;
  }
}

/** `ads[3].log[0].action`, or `the input` for the whole value. */
function placeOf(path: readonly PropertyKey[]): string {
  let place = '';
  for (const key of path) {
    if (typeof key === 'number') place += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) place += place === '' ? key : `.${key}`;
    else place += `[${JSON.stringify(String(key))}]`;
  }
  return place;
}

/**
 * Checks `value` against a zod schema and answers the parsed value, or throws an `InputError` whose message is one
 * line: `where`, then each problem with its place (at most three, then how many more). The value itself is shown
 * only shortened, and only where a problem is.
 *
 * @example
 * const Latency = z.object({ latencyMs: z.number().min(0) }).strict();
 * const { latencyMs } = parseInput(Latency, body, 'PUT /__fake/latency');
 * // InputError: PUT /__fake/latency: latencyMs must be a number, got "fast"
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value, {
    error: (issue) => describeIssue(issue),
  });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const place = placeOf(issue.path);
    // Custom checks (refine) word their whole message; they start with the place themselves when they need one.
    return place === '' ? issue.message : `${place} ${issue.message}`;
  });
  const shownProblems = problems.slice(0, 3).join('; ');
  const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
  throw new InputError(`${where}: ${shownProblems}${more}`);
}
