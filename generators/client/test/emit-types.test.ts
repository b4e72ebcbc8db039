import { buildModel } from '@x/generator-core';
import { describe, expect, it } from 'vitest';
import { emitTypes, forbiddenFields } from '../src/index.js';
import { typesView } from '../src/types-view.js';
import { FIXTURE_CONFIG, FIXTURE_DOCUMENT, fixtureModel, fixtureOperation } from './fixture.js';

/** The fixture with a documented forbidden `title` on the car's create body (as Pro Import's registered vehicles). */
function withForbiddenTitle(description?: string) {
  const document = structuredClone(FIXTURE_DOCUMENT) as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
  const car = document.components.schemas.CarRequest;
  if (car !== undefined) car.properties.title = { not: {}, ...(description === undefined ? {} : { description }) };
  return buildModel({ config: FIXTURE_CONFIG, document, catalogues: {}, sha256: 'f'.repeat(64) });
}

describe('emitTypes', () => {
  it('names each operation body and answer after its namespace and method', () => {
    const out = emitTypes(fixtureModel());
    for (const line of [
      "export type CarCreateBody = RequestBody<paths['/v4/car']['post']>;",
      "export type CarUpdateBody = RequestBody<paths['/v4/car/{source_id}']['put']>;",
      "export type Car = SuccessData<paths['/v4/car/{source_id}']['get']>;",
      "export type CarList = SuccessData<paths['/v4/car']['get']>;",
      "export type AdList = SuccessData<paths['/v4/ad']['get']>;",
      ' * The body of `client.car.create` (`POST /v4/car`).',
      ' * declare const body: CarUpdateBody;',
      ' * await client.car.update(sourceId, body);',
      ' * const answer: CarList = await client.car.list();',
    ]) {
      expect(out).toContain(line);
    }
    expect(out).not.toContain('WithForbidden');
  });

  it('types a documented forbidden field as Forbidden<its rule>, the rule from its description', () => {
    const model = withForbiddenTitle('Must not be sent for a registered vehicle (400 if sent).');
    expect(forbiddenFields(typesView(model), fixtureOperation(model, 'v4_car_create').op)).toEqual([
      { field: 'title', rule: 'title: must not be sent for a registered vehicle (400 if sent)' },
    ]);
    expect(emitTypes(model)).toContain(
      `export type CarCreateBody = WithForbidden<RequestBody<paths['/v4/car']['post']>, { "title": 'title: must not be sent for a registered vehicle (400 if sent)' }>;`,
    );
    expect(forbiddenFields(typesView(withForbiddenTitle()), fixtureOperation(model, 'v4_car_create').op)).toEqual([
      { field: 'title', rule: 'title: must not be sent (the API documentation forbids it)' },
    ]);
  });

  it('refuses two operations that would get one type name, with the place', () => {
    // A `cars` tag (no resource) names its types `Car…` like the car resource does.
    const document = structuredClone(FIXTURE_DOCUMENT) as { paths: Record<string, unknown> };
    document.paths['/v4/cars'] = {
      post: {
        operationId: 'cars_create',
        tags: ['cars'],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { '201': { description: 'ok' } },
      },
    };
    const model = buildModel({ config: FIXTURE_CONFIG, document, catalogues: {}, sha256: 'f'.repeat(64) });
    expect(() => emitTypes(model)).toThrow(
      'openapi.json #/paths/~1v4~1cars/post: the type name CarCreateBody of this operation\'s body is already that of v4_car_create; rename one method in api.config.json methodNames',
    );
  });
});
