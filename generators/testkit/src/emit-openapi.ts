import type { ApiModel } from '@x/generator-core';

/** `openapi.gen.ts`: the OpenAPI document itself, served by the fake at `/docs/schema/`. */
export function emitOpenApi(model: ApiModel): string {
  return [
    '/** The OpenAPI document of the snapshot this package was generated from. */',
    `export const OPENAPI_DOCUMENT: Readonly<Record<string, unknown>> = ${JSON.stringify(model.document)};`,
    '',
  ].join('\n');
}
