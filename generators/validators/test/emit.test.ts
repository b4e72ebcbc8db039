import { SpecError, payloadNames, payloadTargets as validatorTargets, validatorModulePath } from '@x/generator-core';
import { describe, expect, it } from 'vitest';
import {
  ZodEmitter,
  catalogueBinding,
  code,
  emitNumber,
  emitRegistryModule,
  emitString,
  emitProvenanceReport,
  emitValidatorModule,
  generate,
  type CatalogueBinding,
} from '../src/index.js';
import { bikeModel, GUESS } from './fixture.js';

describe('names', () => {
  it.each([
    ['car', 'create', { schema: 'carCreateSchema', type: 'CarCreateInput', validate: 'validateCarCreate' }],
    ['agriculture-thresher', 'migrate', { schema: 'agricultureThresherMigrateSchema', type: 'AgricultureThresherMigrateInput', validate: 'validateAgricultureThresherMigrate' }],
    ['v3', 'patch', { schema: 'v3PatchSchema', type: 'V3PatchInput', validate: 'validateV3Patch' }],
  ] as const)('payloadNames(%s, %s)', (key, kind, expected) => {
    expect(payloadNames(key, kind)).toEqual(expected);
  });

  it('validatorModulePath', () => {
    expect(validatorModulePath('agriculture-tools')).toBe('validators/agriculture-tools.gen.ts');
  });
});

describe('emitString', () => {
  it.each([
    [{ type: 'string' }, 'z.string()'],
    [{ type: 'string', minLength: 1, maxLength: 100 }, 'z.string().min(1).max(100)'],
    [{ type: 'string', format: 'email' }, 'z.email()'],
    [{ type: 'string', format: 'uri' }, 'z.url({ protocol: /^https?$/ })'],
    [{ type: 'string', format: 'uuid' }, 'z.uuid()'],
    [{ type: 'string', pattern: "^\\+?[0-9]+$" }, "z.string().regex(new RegExp('^\\\\+?[0-9]+$'))"],
    [{ type: 'string', format: 'unknown-format' }, 'z.string()'],
  ])('%j -> %s', (schema, expected) => {
    expect(emitString(schema)).toBe(expected);
  });
});

describe('emitNumber', () => {
  it.each([
    ['integer', {}, 'z.int()'],
    ['integer', { minimum: 0 }, 'z.int().min(0)'],
    ['number', { minimum: 1, maximum: 2 }, 'z.number().min(1).max(2)'],
    ['number', { exclusiveMinimum: 0 }, 'z.number().gt(0)'],
  ] as const)('%s %j -> %s', (type, schema, expected) => {
    expect(emitNumber(type, schema)).toBe(expected);
  });
});

describe('code', () => {
  it.each([
    ['SEK', "'SEK'"],
    [[1, 'a'], "[1, 'a']"],
    [{ parent: 'brand', 'a-b': true }, '{ parent: \'brand\', "a-b": true }'],
    [null, 'null'],
  ])('%j -> %s', (value, expected) => {
    expect(code(value)).toBe(expected);
  });
});

describe('ZodEmitter.emit', () => {
  const model = bikeModel();
  const emit = (schema: unknown, options: { withDefaults?: boolean; path?: string[]; binding?: CatalogueBinding } = {}) =>
    new ZodEmitter(model).emit(schema as never, options.path ?? [], '#/x', { withDefaults: options.withDefaults ?? true, ...(options.binding ? { binding: options.binding } : {}) });

  it.each([
    [true, 'z.unknown()'],
    [{ type: 'boolean' }, 'z.boolean()'],
    [{ type: 'integer', const: 7 }, 'z.literal(7)'],
    [{ type: 'string', enum: ['a', 'b'] }, "z.enum(['a', 'b'])"],
    [{ type: 'integer', enum: [1, 2] }, 'z.literal([1, 2])'],
    [{ oneOf: [{ type: 'string' }, { type: 'null' }] }, 'z.string().nullable()'],
    [{ type: ['string', 'null'] }, 'z.string().nullable()'],
    [{ type: ['number', 'string'] }, 'z.union([z.number(), z.string()])'],
    [{ type: 'array', items: { type: 'string' }, maxItems: 38 }, 'z.array(z.string()).max(38)'],
    [{ type: 'array', items: { type: 'string' }, uniqueItems: true }, 'z.array(z.string()).superRefine(uniqueItems)'],
    [{ type: 'object', additionalProperties: true }, 'z.record(z.string(), z.unknown())'],
    [{ type: 'object', properties: { a: { type: 'string' } } }, 'z.looseObject({ a: z.string().optional() })'],
    [{ type: 'object', required: ['a'], additionalProperties: false, properties: { a: { type: 'string' } } }, 'z.strictObject({ a: z.string() })'],
  ])('%j -> %s', (schema, expected) => {
    expect(emit(schema)).toBe(expected);
  });

  it('applies defaults only when asked (create/migrate), never on update bodies', () => {
    const schema = { type: 'object', properties: { visible: { type: 'boolean', default: true } } };
    expect(emit(schema)).toBe('z.looseObject({ visible: z.boolean().default(true) })');
    expect(emit(schema, { withDefaults: false })).toBe('z.looseObject({ visible: z.boolean().optional() })');
  });

  it('turns oneOf over objects into one object with an exactly-one-of check', () => {
    expect(emit({ $ref: '#/components/schemas/Place' })).toBe('placeSchema');
    const emitter = new ZodEmitter(model);
    emitter.emit({ $ref: '#/components/schemas/Place' }, [], '#/x', { withDefaults: true });
    expect(emitter.hoisted).toEqual([
      {
        name: 'placeSchema',
        withDefaults: true,
        component: 'Place',
        level: 'strict',
        mergePatch: false,
        code: "z.strictObject({ lat: z.number().optional(), lng: z.number().optional(), zip: z.string().regex(new RegExp('^[0-9]+$')).optional() }).superRefine(exactlyOneOf([{ keys: ['zip'], required: ['zip'] }, { keys: ['lat', 'lng'], required: ['lat', 'lng'] }]))",
      },
    ]);
    expect([...emitter.runtimeImports]).toEqual(['exactlyOneOf']);
  });

  it('a merge patch: nothing required at any depth, nested members may be null, list items whole, no oneOf completeness', () => {
    const schema = {
      type: 'object',
      required: ['name', 'place'],
      properties: {
        name: { type: 'string' },
        place: { $ref: '#/components/schemas/Place' },
        owner: { type: 'object', required: ['email'], properties: { email: { type: 'string' } } },
        tags: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } },
      },
    };
    const emitter = new ZodEmitter(model);
    const code = emitter.emit(schema, [], '#/x', { withDefaults: false, mergePatch: true });
    expect(code).toBe(
      'z.looseObject({ name: z.string().optional(), owner: z.looseObject({ email: z.string().nullable().optional() }).optional(), place: placeMergePatchSchema.optional(), tags: z.array(z.looseObject({ id: z.string() })).optional() })',
    );
    expect(emitter.hoisted.map((h) => [h.name, h.code])).toEqual([
      ['placeMergePatchSchema', "z.strictObject({ lat: z.number().nullable().optional(), lng: z.number().nullable().optional(), zip: z.string().regex(new RegExp('^[0-9]+$')).nullable().optional() })"],
    ]);
    expect([...emitter.runtimeImports]).toEqual([]);
  });

  it('binds enums under the catalogue root to the enums module, and checks they agree', () => {
    const binding: CatalogueBinding = { rootProperty: 'fields', attributes: new Map([['brand', ['bianchi', 'crescent']]]), children: new Map(), file: 'catalogues/bike.json', source: { kind: 'live' } };
    expect(emit({ type: 'string', enum: ['crescent', 'bianchi'] }, { path: ['fields', 'brand'], binding })).toBe('z.enum(brand.ids)');
    expect(emit({ type: 'string', enum: ['crescent', 'bianchi'] }, { path: ['other', 'brand'], binding })).toBe("z.enum(['crescent', 'bianchi'])");
    expect(() => emit({ type: 'string', enum: ['crescent', 'colnago'] }, { path: ['fields', 'brand'], binding })).toThrow(
      new SpecError(
        'openapi.json',
        '#/x',
        'the enum of "brand" differs from its catalogue catalogues/bike.json (only in the catalogue: bianchi; only in the schema: colnago); pull or reconstruct both together',
      ),
    );
  });

  it('rejects what it cannot express, saying where', () => {
    expect(() => emit({ allOf: [{ type: 'string' }, { type: 'string' }] })).toThrow(
      'openapi.json #/x: allOf with more than one schema is not supported by the validators generator; inline it',
    );
    const looped = bikeModel({ Loop: { type: 'object', properties: { next: { $ref: '#/components/schemas/Loop' } } } });
    expect(() => new ZodEmitter(looped).emit({ $ref: '#/components/schemas/Loop' }, [], '#/x', { withDefaults: true })).toThrow(
      'openapi.json #/components/schemas/Loop/properties/next: "Loop" refers to itself; recursive request bodies are not supported',
    );
  });

  it('emits x-rules as a required-for-categories check', () => {
    expect(new ZodEmitter(model).emitComponentBody('LegacyRequest', { withDefaults: true })).toBe(
      "z.strictObject({ category: z.literal([1, 2]), title: z.string().optional() }).superRefine(requiredForCategories({ field: 'category', categories: [2], required: ['title'] }))",
    );
  });

  it('emits `not: {}` (a field that must not be sent) as never', () => {
    expect(emit({ type: 'object', properties: { title: { not: {} } } })).toBe('z.looseObject({ title: z.never().optional() })');
  });

  it('emits `not: {const}` and `not: {enum}` as values refused although the list has them', () => {
    expect(emit({ type: 'string', enum: ['list', 'leasing'], not: { const: 'leasing' } })).toBe("z.enum(['list', 'leasing']).superRefine(noneOf(['leasing']))");
    expect(emit({ type: 'integer', not: { enum: [4020, 4080] } })).toBe('z.int().superRefine(noneOf([4020, 4080]))');
    expect(() => emit({ type: 'string', not: { pattern: 'x' } })).toThrow(/only `not: \{\}`/);
  });

  it('applies what the server converts (config coercion) at the enforced level, and notes it at the strict one', () => {
    const lenient = { ...model, config: { ...model.config, coercion: { reason: 'The framework converts these.', string: ['number' as const], boolean: { true: ['yes', 1], false: ['no', 0] } } } };
    const emitter = new ZodEmitter(lenient);
    const options = { withDefaults: false, level: 'enforced' as const };
    expect(emitter.emit({ type: 'boolean' }, ['visible'], '#/x', options)).toBe('z.preprocess(COERCE_BOOLEAN, z.boolean())');
    expect(emitter.emit({ type: 'string', enum: ['a', 'b'] }, ['kind'], '#/x', options)).toBe("z.preprocess(COERCE_STRING, z.enum(['a', 'b']))");
    // Integers are not converted by this config; an object is never.
    expect(emitter.emit({ type: 'integer' }, ['n'], '#/x', options)).toBe('z.int()');
    expect([...emitter.coercions].sort()).toEqual(['boolean', 'string']);
    // A live model has one level: what it enforces is what strict checks, so nothing is noted.
    expect(emitter.emit({ type: 'boolean' }, ['visible'], '#/x', { withDefaults: false, level: 'strict' })).toBe('z.boolean()');
  });

  it('emits a required-one-of-for-categories rule: one of several sets of fields for some categories', () => {
    const schema = {
      type: 'object',
      properties: { category: { type: 'integer' }, fields: { type: 'object' }, title: { type: 'string' } },
      'x-rules': [{ rule: 'required-one-of-for-categories', field: 'category', categories: [7], alternatives: [['fields'], ['title']] }],
    };
    expect(emit(schema)).toBe(
      "z.looseObject({ category: z.int().optional(), fields: z.record(z.string(), z.unknown()).optional(), title: z.string().optional() }).superRefine(requiredOneOfForCategories({ field: 'category', categories: [7], alternatives: [['fields'], ['title']] }))",
    );
  });

  it('adds the fields of the answer a body cannot set as ignored keys of the root', () => {
    const schema = { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } };
    expect(new ZodEmitter(model).emit(schema as never, [], '#/x', { withDefaults: true, ignored: ['id', 'a'] })).toBe(
      'z.strictObject({ a: z.string().optional(), id: z.unknown().optional() })',
    );
  });
});

describe('levels: documented rules refuse, guesses only in strict', () => {
  const reconstructed = bikeModel({}, { reconstructed: true });
  const body = (level: 'enforced' | 'strict') => {
    const emitter = new ZodEmitter(reconstructed);
    const code = emitter.emitComponentBody('BikeRequest', { withDefaults: true, level });
    return { code, hoisted: emitter.hoisted.map((h) => `${h.name} = ${h.code}`), notes: emitter.takeNotes() };
  };

  it('the enforced level leaves out every constraint that is not documented', () => {
    const { code, hoisted } = body('enforced');
    // additionalProperties is a guess: unknown keys pass.
    expect(code).toMatch(/^z\.looseObject\(/);
    expect(hoisted).toContain(
      'bikeFieldsSchema = z.strictObject({ brand: z.string().optional(), frame: z.unknown().optional(), model: z.string().optional() })',
    );
    // The zip pattern and "exactly one of" are inferred; coordinates must still come together (documented).
    expect(hoisted).toContain(
      "placeSchema = z.strictObject({ lat: z.number().optional(), lng: z.number().optional(), zip: z.string().optional() }).superRefine(exactlyOneOf([{ keys: ['zip'], required: ['zip'] }, { keys: ['lat', 'lng'], required: ['lat', 'lng'] }], { exclusive: false }))",
    );
  });

  it('the strict level keeps them all and notes where each guess comes from', () => {
    const { code, hoisted, notes } = body('strict');
    expect(code).toMatch(/^z\.strictObject\(/);
    expect(hoisted.some((h) => h.startsWith("bikeFieldsStrictSchema = z.strictObject({ brand: z.enum(['bianchi', 'crescent']), frame: z.strictObject("))).toBe(true);
    expect(notes.map((n) => `${n.path} ${n.keyword} ${n.source.kind}`)).toEqual([
      ' additionalProperties reconstructed',
      'fields.brand enum reconstructed',
      'fields.brand required reconstructed',
      'fields.frame type reconstructed',
      'place oneOf inferred',
      'place.zip pattern inferred',
    ]);
  });

  it('a live model (no x-reconstructed) enforces everything and notes nothing', () => {
    const emitter = new ZodEmitter(bikeModel());
    const enforced = emitter.emitComponentBody('BikeRequest', { withDefaults: true, level: 'enforced' });
    expect(enforced).toBe(new ZodEmitter(bikeModel()).emitComponentBody('BikeRequest', { withDefaults: true, level: 'strict' }));
    expect(emitter.takeNotes()).toEqual([]);
  });
});

describe('targets and binding', () => {
  it('finds resources and resource-less namespaces with request bodies', () => {
    expect(validatorTargets(bikeModel()).map((t) => [t.key, t.schemas])).toEqual([
      ['bike', { create: 'BikeRequest', patch: 'PatchedBikeRequest' }],
      ['legacy', { create: 'LegacyRequest' }],
    ]);
  });

  it('binds the catalogue to the property where its attributes resolve', () => {
    const model = bikeModel();
    const [bike] = validatorTargets(model);
    if (bike === undefined) throw new Error('no bike target');
    const binding = catalogueBinding(model, bike);
    expect(binding?.rootProperty).toBe('fields');
    expect([...(binding?.attributes.keys() ?? [])]).toEqual(['brand', 'frame.size']);
    expect([...(binding?.children ?? [])]).toEqual([['model', 'brand']]);
  });
});

describe('emitValidatorModule', () => {
  it('imports the catalogues it uses from the enums package and checks child values', () => {
    const model = bikeModel();
    const [bike] = validatorTargets(model);
    if (bike === undefined) throw new Error('no bike target');
    const out = emitValidatorModule(model, bike);
    expect(out.split('\n').slice(0, 3)).toEqual([
      "import { z } from 'zod';",
      "import { brand, frameSize, modelByBrand } from '@t/enums/bike';",
      "import { type RuleNotes, type ValidateOptions, type ValidationOutcome, childOf, exactlyOneOf, runValidation } from '../../runtime/validation/index.js';",
    ]);
    expect(out).toContain(
      "const bikeFieldsSchema = z.strictObject({ brand: z.enum(brand.ids), frame: z.strictObject({ size: z.enum(frameSize.ids).optional() }).optional(), model: z.string().optional() }).superRefine(childOf(modelByBrand, { parent: 'brand', child: 'model' }));",
    );
    expect(out).toContain('visible: z.boolean().default(true)');
    expect(out).toContain('export const bikePatchSchema = z.strictObject({ fields: bikeFieldsSchema.optional(), visible: z.boolean().optional() });');
    expect(out).toContain('export function validateBikeCreate(body: unknown, options?: ValidateOptions): ValidationOutcome<BikeCreateInput> {');
    // A live model has no guesses: the strict schema is the same schema.
    expect(out).toContain('export const bikeCreateStrictSchema = bikeCreateSchema;');
  });

  it('of a reconstruction: both levels, and the notes with their sources', () => {
    const model = bikeModel({}, { reconstructed: true });
    const [bike] = validatorTargets(model);
    if (bike === undefined) throw new Error('no bike target');
    const out = emitValidatorModule(model, bike);
    expect(out).toContain("const SOURCE_1 = { kind: 'reconstructed', reason: 'Our design.' } as const;");
    expect(out).toContain('export const bikeCreateStrictSchema = z.strictObject(');
    expect(out).toContain("  'fields.frame': { type: SOURCE_1 },");
    expect(out).toContain('  return runValidation({ schema: bikeCreateSchema, strict: bikeCreateStrictSchema, notes: bikeCreateNotes }, body, options);');
  });
});

describe('emitRegistryModule', () => {
  it('maps every key and kind to its schema', () => {
    const out = emitRegistryModule(validatorTargets(bikeModel()), validatorModulePath);
    expect(out).toBe(
      [
        "import { validateBikeCreate, validateBikePatch } from './bike.gen.js';",
        "import { validateLegacyCreate } from './legacy.gen.js';",
        '',
        '/** Every payload validator by resource (or namespace) and kind. Importing this imports every catalogue. */',
        'export const payloadValidators = {',
        "  'bike': { create: validateBikeCreate, patch: validateBikePatch },",
        "  'legacy': { create: validateLegacyCreate },",
        '} as const;',
        '',
      ].join('\n'),
    );
  });
});

describe('generate', () => {
  it('writes one module per target and the registry, formatted, with the header', async () => {
    const files = await generate(bikeModel());
    expect(files.map((f) => f.path)).toEqual(['validators/bike.gen.ts', 'validators/legacy.gen.ts', 'validators/index.gen.ts', 'PROVENANCE.md']);
    for (const file of files.filter((f) => f.path.endsWith('.ts'))) expect(file.contents).toContain('// Spec sha256: ');
  });

  it('names in each header the document, the config and the module’s own catalogue only', async () => {
    const model = bikeModel();
    const catalogueFile = `${model.config.catalogue!.dir}/bike.json`;
    const headers = async (sources: Record<string, string>) =>
      (await generate({ ...model, sources })).map((f) => f.contents.split('\n').slice(0, 2).join('\n'));
    const before = await headers({ 'api.config.json': 'a', [catalogueFile]: 'b', 'openapi.json': 'c' });
    expect(before[0]).toContain(`(spec/${model.config.name}/: api.config.json, ${catalogueFile}, openapi.json)`);
    const catalogueChanged = await headers({ 'api.config.json': 'a', [catalogueFile]: 'B', 'openapi.json': 'c' });
    expect(catalogueChanged.map((h, i) => h === before[i])).toEqual([false, true, true, true]);
    const documentChanged = await headers({ 'api.config.json': 'a', [catalogueFile]: 'b', 'openapi.json': 'C' });
    expect(documentChanged.map((h, i) => h === before[i])).toEqual([false, false, false, false]);
  });
});

describe('the provenance report', () => {
  it('lists every constraint that is not documented, by reason, with the counts per source', () => {
    const report = emitProvenanceReport(bikeModel({}, { reconstructed: true }));
    expect(report).toContain('| reconstructed | 4 |');
    expect(report).toContain('| inferred | 2 |');
    expect(report).toContain('### Our design.\n\n3 constraints:\n\n- `brand` required: `BikeFields`\n- `frame` type: `BikeFields`\n- additionalProperties: `BikeRequest`\n');
    expect(report).toContain('- `zip` pattern: `Zip`');
  });

  it('lists the behaviours an operation declares in its x-rules, by reason and rule name', () => {
    const model = bikeModel({}, { reconstructed: true });
    const paths = model.document.paths as Record<string, Record<string, Record<string, unknown>>>;
    const create = paths['/v1/bike']?.post;
    if (create === undefined) throw new Error('no POST /v1/bike');
    const rule: Record<string, unknown> = { rule: 'one-bike-per-frame', status: 409, description: 'A second bike of one frame answers 409.', source: GUESS };
    create['x-rules'] = [rule];
    const report = emitProvenanceReport(model);
    expect(report).toContain('| reconstructed | 5 |');
    expect(report).toContain('- rule `one-bike-per-frame`: `POST /v1/bike`\n');
    delete rule.source;
    expect(() => emitProvenanceReport(model)).toThrow('#/paths/~1v1~1bike/post/x-rules/0: the x-rules entry has no "source"');
  });

  it('of a live schema says that everything is enforced', () => {
    expect(emitProvenanceReport(bikeModel())).toContain("The snapshot is the server's own schema");
  });
});

describe('golden output', () => {
  // A hand-built model, so the golden file changes with the generator, not with every pull of the live spec (the
  // committed output of the real spec is pinned by CI's drift check).
  it('the whole bike module', async () => {
    const files = await generate(bikeModel());
    await expect(files.find((f) => f.path === 'validators/bike.gen.ts')?.contents).toMatchFileSnapshot('__golden__/bike/bike.gen.ts');
  });

  it('the whole bike module of a reconstruction: both levels and the notes', async () => {
    const files = await generate(bikeModel({}, { reconstructed: true }));
    await expect(files.find((f) => f.path === 'validators/bike.gen.ts')?.contents).toMatchFileSnapshot('__golden__/bike-reconstructed/bike.gen.ts');
  });
});
