import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { specHeader, documentSources, type ApiModel } from '@x/generator-core';
import { transformSchema, typesView } from './types-view.js';

/**
 * `paths.gen.ts`: openapi-typescript's `paths`, `components` and `operations` types for the whole document, as
 * `typesView` shapes it: only documented (or live) constraints close a type; a reconstructed value list is open
 * (`'volvo' | (string & {})`) and a field that must not be sent is `never`.
 */
export async function emitPaths(model: ApiModel): Promise<string> {
  const ast = await openapiTS(typesView(model) as unknown as OpenAPI3, {
    alphabetize: true,
    exportType: true,
    // A default is what the server fills in when a field is absent: absent must stay allowed in request bodies.
    defaultNonNullable: false,
    transform: (schema) => transformSchema(schema as unknown as Record<string, unknown>),
  });
  return `${specHeader(model, documentSources())}\n${astToString(ast)}`;
}
