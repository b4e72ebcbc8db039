export type SpecProblem = { pointer: string; message: string };

/**
 * Validates an OpenAPI document with Redocly (imported on first use: it costs a quarter of a second to load, which
 * `pnpm generate` does not pay; it runs `checkOpenApi`). Redocly's rules for the structure of OpenAPI and resolvable `$ref`s.
 * Returns the errors (warnings about style are not the spec being wrong, so they are left out).
 */
export async function validateOpenApi(document: unknown, source = 'openapi.json'): Promise<SpecProblem[]> {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return [{ pointer: '#', message: 'the document is not a JSON object' }];
  }
  const openapi = (document as { openapi?: unknown }).openapi;
  if (typeof openapi !== 'string' || !/^3\.[01]\.\d+$/.test(openapi)) {
    return [{ pointer: '#/openapi', message: `expected an OpenAPI 3.0 or 3.1 version, got ${JSON.stringify(openapi)}` }];
  }
  const { BaseResolver, createConfig, lintDocument, makeDocumentFromString } = await import('@redocly/openapi-core');
  const config = await createConfig({
    rules: {
      struct: 'error',
      'no-unresolved-refs': 'error',
      'path-parameters-defined': 'error',
      'operation-operationId-unique': 'error',
      'no-path-trailing-slash': 'off',
      'no-identical-paths': 'error',
      'operation-parameters-unique': 'error',
      'no-example-value-and-externalValue': 'error',
      'no-enum-type-mismatch': 'error',
      'spec-components-invalid-map-name': 'error',
    },
  });
  const doc = makeDocumentFromString(JSON.stringify(document), source);
  const problems = await lintDocument({ document: doc, config, externalRefResolver: new BaseResolver() });
  return problems
    .filter((p) => p.severity === 'error')
    .map((p) => ({ pointer: p.location[0]?.pointer ?? '#', message: p.message }));
}
