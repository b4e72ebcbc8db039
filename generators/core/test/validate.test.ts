import { describe, expect, it } from 'vitest';
import { validateOpenApi } from '../src/validate.js';
import { fixtureDocument } from './fixture.js';

describe('validateOpenApi', () => {
  it('accepts a valid document', async () => {
    expect(await validateOpenApi(fixtureDocument())).toEqual([]);
  });

  it('reports an unresolved $ref with its pointer', async () => {
    const document = fixtureDocument();
    const schemas = (document.components as { schemas: Record<string, unknown> }).schemas;
    delete schemas.Bike;
    const problems = await validateOpenApi(document);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]?.pointer).toMatch(/^#\/paths\/~1v1~1/);
    expect(problems[0]?.message).toMatch(/Can't resolve \$ref/);
  });

  it('rejects something that is not OpenAPI 3', async () => {
    expect(await validateOpenApi({ swagger: '2.0' })).toEqual([{ pointer: '#/openapi', message: 'expected an OpenAPI 3.0 or 3.1 version, got undefined' }]);
    expect(await validateOpenApi([])).toEqual([{ pointer: '#', message: 'the document is not a JSON object' }]);
  });
});
