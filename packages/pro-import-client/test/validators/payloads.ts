import { specExamples } from './spec-examples.js';

type Body = Record<string, unknown>;

/** A deep copy of the snapshot's example for one operation, for tests to break one rule at a time. */
export function example(operationId: string): Body {
  const found = specExamples().find((e) => e.operationId === operationId);
  if (found === undefined) throw new Error(`the snapshot has no example for ${operationId}`);
  return structuredClone(found.example) as Body;
}

/** `body` with `path` (dotted) set to `value`, or removed when `value` is `REMOVE`. */
export const REMOVE = Symbol('remove');
export function withValue(body: Body, path: string, value: unknown): Body {
  const copy = structuredClone(body);
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  let node: Body = copy;
  for (const key of keys) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Body;
  }
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return copy;
}
