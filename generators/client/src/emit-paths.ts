import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { formatTypeScript, specHeader, documentSources, type ApiModel } from '@x/generator-core';

/**
 * `paths.gen.ts`: openapi-typescript's `paths`, `components` and `operations` types for the whole document.
 * `additionalProperties: false` is kept as is (no index signature), which is what makes excess properties such as
 * `title` on a car a type error.
 */
export async function emitPaths(model: ApiModel): Promise<string> {
  const ast = await openapiTS(structuredClone(model.document) as unknown as OpenAPI3, {
    alphabetize: true,
    exportType: true,
    // A default is what the server fills in when a field is absent: absent must stay allowed in request bodies.
    defaultNonNullable: false,
  });
  return formatTypeScript(`${specHeader(model, documentSources())}\n${astToString(ast)}`);
}
