import type { ApiModel } from '@x/generator-core';
import { sortedRecord } from './sorted.js';

/** `examples.gen.ts`: the request body example of every operation that has one, by operationId (factories start from these). */
export function emitExamples(model: ApiModel): string {
  const examples = sortedRecord(
    model.operations.flatMap((operation) =>
      operation.requestBody?.example === undefined
        ? []
        : [[operation.operationId, operation.requestBody.example] as const],
    ),
  );
  return [
    '/** operationId -> the request body example the document gives for it. */',
    `export const REQUEST_EXAMPLES: Readonly<Record<string, unknown>> = ${JSON.stringify(examples)};`,
    '',
  ].join('\n');
}
