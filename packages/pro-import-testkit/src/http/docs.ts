import { stringify } from 'yaml';
import { OPENAPI_DOCUMENT } from '../generated/openapi.gen.js';

let yamlCache: string | undefined;

/** The spec snapshot as drf-spectacular serves it: YAML by default, JSON with `?format=json`. */
export function schemaDocument(format: string | null): { contentType: string; body: string } {
  if (format === 'json')
    return { contentType: 'application/vnd.oai.openapi+json', body: JSON.stringify(OPENAPI_DOCUMENT) };
  yamlCache ??= stringify(OPENAPI_DOCUMENT, { aliasDuplicateObjects: false });
  return { contentType: 'application/vnd.oai.openapi', body: yamlCache };
}
