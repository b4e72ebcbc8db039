import { OPENAPI_DOCUMENT } from '../generated/openapi.gen.js';

let text: string | undefined;

/** The snapshot's OpenAPI document as JSON text (serialised once). */
export function openapiText(): string {
  text ??= JSON.stringify(OPENAPI_DOCUMENT);
  return text;
}
