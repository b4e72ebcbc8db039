import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkOpenApi } from '../src/check.js';
import { validateOpenApi } from '../src/validate.js';
import { fixtureDocument } from './fixture.js';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test mutations of plain JSON

/** Each case breaks the fixture in one way; `checkOpenApi` must name the place, and Redocly must refuse it too. */
const BROKEN: Array<[name: string, pointer: string, breakIt: (d: Doc) => void]> = [
  ['an unresolved $ref', '#/paths/~1v1~1bike/post/requestBody/content/application~1json/schema', (d) => delete d.components.schemas.BikeRequest],
  ['a path parameter nobody declares', '#/paths/~1v1~1bike~1{id}~1{extra}/get', (d) => {
    d.paths['/v1/bike/{id}/{extra}'] = { get: { operationId: 'extra', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'ok' } } } };
  }],
  ['a repeated operationId', '#/paths/~1v1~1bike/get/operationId', (d) => (d.paths['/v1/bike'].get.operationId = 'bike_create')],
  ['a repeated parameter', '#/paths/~1v1~1bike/get/parameters/1', (d) => d.paths['/v1/bike'].get.parameters.push({ name: 'limit', in: 'query', schema: { type: 'integer' } })],
  ['an enum value of the wrong type', '#/components/schemas/Bike/properties/x/enum/1', (d) => (d.components.schemas.Bike.properties.x = { type: 'string', enum: ['a', 1] })],
  ['a component name with a space', '#/components/schemas/Bad Name', (d) => (d.components.schemas['Bad Name'] = { type: 'string' })],
  ['a parameter in an unknown place', '#/paths/~1v1~1bike/get/parameters/0', (d) => (d.paths['/v1/bike'].get.parameters[0].in = 'body')],
  ['paths that differ only in parameter names', '#/paths/~1v1~1bike~1{other}', (d) => {
    const [path, item] = Object.entries(d.paths as Record<string, unknown>).find(([p]) => p.includes('{')) ?? [];
    if (path === undefined) throw new Error('the fixture has no templated path');
    d.paths[path.replace(/\{[^}]+\}/, '{other}')] = JSON.parse(JSON.stringify(item).replaceAll(/"(source_id|id)"/g, '"other"').replaceAll(/"operationId":"([^"]+)"/g, '"operationId":"$1_2"'));
  }],
];

describe('checkOpenApi', () => {
  it('accepts the fixture and both snapshots', () => {
    expect(checkOpenApi(fixtureDocument())).toEqual([]);
    for (const api of ['pro-import', 'kleinanzeigen']) {
      const file = fileURLToPath(new URL(`../../../spec/${api}/openapi.json`, import.meta.url));
      expect(checkOpenApi(JSON.parse(readFileSync(file, 'utf8')))).toEqual([]);
    }
  });

  for (const [name, pointer, breakIt] of BROKEN) {
    it(`refuses ${name}, as Redocly does, naming where`, async () => {
      const document = fixtureDocument() as Doc;
      breakIt(document);
      const ours = checkOpenApi(document);
      expect(ours.map((p) => p.pointer)).toContain(pointer);
      expect((await validateOpenApi(document)).length).toBeGreaterThan(0);
    });
  }

  it('rejects something that is not OpenAPI 3', () => {
    expect(checkOpenApi({ swagger: '2.0' })).toEqual([{ pointer: '#/openapi', message: 'expected an OpenAPI 3.0 or 3.1 version, got undefined' }]);
    expect(checkOpenApi([])).toEqual([{ pointer: '#', message: 'the document is not a JSON object' }]);
  });
});
