import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../src/generated/catalogues.gen.js';
import { OPENAPI_DOCUMENT } from '../src/generated/openapi.gen.js';
import { useMswFake } from './helpers.js';

const { api } = useMswFake();

describe('attribute endpoints', () => {
  it('serve the catalogue snapshot of every vehicle type', async () => {
    for (const [type, catalogue] of Object.entries(CATALOGUES)) {
      expect((await api('GET', `/v4/vehicles/${type}/attributes`)).body).toEqual(catalogue.attributes);
      const [first] = catalogue.attributes;
      if (first)
        expect((await api('GET', `/v4/vehicles/${type}/${first.id}`)).body).toEqual(
          catalogue.values[first.id],
        );
    }
  });

  it('dotted attribute ids work; unknown attributes and types are 404', async () => {
    const dotted = Object.entries(CATALOGUES).flatMap(([type, c]) =>
      c.attributes.filter((a) => a.id.includes('.')).map((a) => [type, a.id] as const),
    )[0];
    expect(dotted).toBeDefined();
    expect((await api('GET', `/v4/vehicles/${dotted?.[0]}/${dotted?.[1]}`)).status).toBe(200);
    expect(await api('GET', '/v4/vehicles/car/wings')).toMatchObject({
      status: 404,
      body: { detail: 'Not found.' },
    });
    expect((await api('GET', '/v4/vehicles/spaceship/attributes')).status).toBe(404);
  });

  it('ids that are names of Object.prototype are plain unknown ids', async () => {
    for (const brand of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      expect(await api('GET', `/v4/vehicles/car/models?brand=${brand}`)).toMatchObject({ status: 200, body: [] });
    }
    expect((await api('GET', '/v4/vehicles/toString/attributes')).status).toBe(404);
    expect((await api('GET', '/v4/vehicles/car/__proto__')).status).toBe(404);
  });

  it('car models by brand', async () => {
    expect((await api('GET', '/v4/vehicles/car/models?brand=volvo')).body).toEqual(
      CATALOGUES.car?.children.model?.values.volvo,
    );
    expect((await api('GET', '/v4/vehicles/car/models?brand=trabant')).body).toEqual([]);
  });
});

describe('schema document', () => {
  it('is served as YAML by default and JSON with ?format=json, without a token', async () => {
    const yaml = await api('GET', '/docs/schema/', { token: null });
    expect(yaml.status).toBe(200);
    expect(yaml.headers.get('content-type')).toBe('application/vnd.oai.openapi');
    expect(parse(yaml.body as unknown as string)).toEqual(OPENAPI_DOCUMENT);
    const json = await api('GET', '/docs/schema/?format=json', { token: null });
    expect(json.body).toEqual(OPENAPI_DOCUMENT);
  });
});
