import { specHeader, documentSources, type ApiModel } from '@x/generator-core';
import { openApiTypes } from './openapi-types.js';
import { transformSchema, typesView } from './types-view.js';

/**
 * `paths.gen.ts`: the `paths`, `components` and `operations` types of the whole document (openapi-typescript's
 * layout, see `openApiTypes`), as `typesView` shapes it: only documented (or live) constraints close a type; a
 * reconstructed value list is open (`'volvo' | (string & {})`) and a field that must not be sent is `never`.
 */
export function emitPaths(model: ApiModel): string {
  return `${specHeader(model, documentSources())}\n${openApiTypes(typesView(model), { transform: transformSchema })}`;
}
