import { describe, expect, it } from 'vitest';
import { stringLiteral } from '../src/emit.js';
import {
  answerTypeName,
  argumentName,
  attributeNames,
  bodyTypeName,
  camelCase,
  catalogueImportPath,
  catalogueModulePath,
  childNames,
  componentConstName,
  constantCase,
  moduleFileName,
  namespaceClassName,
  namespaceName,
  operationTypeName,
  pascalCase,
  payloadNames,
  propertyKey,
  restMethodName,
  safeIdentifier,
  typeSubjectName,
  validatorImportPath,
  validatorModulePath,
} from '../src/naming.js';

describe('naming', () => {
  it.each([
    ['car', 'car', 'Car', 'CAR'],
    ['agriculture-thresher', 'agricultureThresher', 'AgricultureThresher', 'AGRICULTURE_THRESHER'],
    ['pole_position', 'polePosition', 'PolePosition', 'POLE_POSITION'],
    ['powertrain.fuel', 'powertrainFuel', 'PowertrainFuel', 'POWERTRAIN_FUEL'],
    ['bodyType', 'bodyType', 'BodyType', 'BODY_TYPE'],
    ['4wd', '_4wd', '_4wd', '_4WD'],
  ])('%s -> %s / %s / %s', (input, camel, pascal, constant) => {
    expect(camelCase(input)).toBe(camel);
    expect(pascalCase(input)).toBe(pascal);
    expect(constantCase(input)).toBe(constant);
  });

  it('keeps identifiers away from reserved words', () => {
    expect(safeIdentifier('delete')).toBe('delete_');
    expect(camelCase('default')).toBe('default_');
  });

  it('quotes property keys only when needed', () => {
    expect(propertyKey('brand')).toBe('brand');
    expect(propertyKey('powertrain.fuel')).toBe('"powertrain.fuel"');
    expect(propertyKey('agriculture-tools')).toBe('"agriculture-tools"');
  });

  it('names module files in kebab case', () => {
    expect(moduleFileName('agriculture-thresher')).toBe('agriculture-thresher');
    expect(moduleFileName('AgricultureThresher')).toBe('agriculture-thresher');
  });

  it('maps tags to namespaces through the config', () => {
    expect(namespaceName('ad', { ad: 'ads' })).toBe('ads');
    expect(namespaceName('agriculture-tools', {})).toBe('agricultureTools');
  });

  it.each([
    ['post', '', 'create'],
    ['get', '', 'list'],
    ['get', '/{source_id}', 'get'],
    ['put', '/{source_id}', 'update'],
    ['patch', '/{source_id}', 'patch'],
    ['delete', '/{source_id}', 'delete'],
    ['post', '/validate', 'validate'],
    ['post', '/{source_id}/migrate', 'migrate'],
    ['get', '/{source_id}/pole_position', 'polePosition'],
    ['get', '/{source_id}/log', 'log'],
    ['post', '/{source_id}', undefined],
    ['get', '/{a}/{b}', undefined],
    ['get', '/a/b', undefined],
  ])('%s %s -> %s', (method, path, expected) => {
    expect(restMethodName(method, path)).toBe(expected);
  });
});

describe('names of generated modules and exports', () => {
  it.each([
    [catalogueModulePath('agriculture-thresher'), 'agriculture-thresher.gen.ts'],
    [catalogueImportPath('@x/pro-import-enums', 'agriculture-thresher'), '@x/pro-import-enums/agriculture-thresher'],
    [validatorModulePath('agriculture-thresher'), 'validators/agriculture-thresher.gen.ts'],
    [validatorImportPath('agriculture-thresher'), './validators/agriculture-thresher.gen.js'],
    [payloadNames('agriculture-thresher', 'migrate').validate, 'validateAgricultureThresherMigrate'],
    [payloadNames('car', 'create').schema, 'carCreateSchema'],
    [payloadNames('car', 'patch').type, 'CarPatchInput'],
    [componentConstName('RegisteredLocation', { withDefaults: true, variant: 1 }), 'registeredLocationSchema'],
    [componentConstName('V3Price', { withDefaults: false, variant: 1 }), 'v3PriceNoDefaultsSchema'],
    [componentConstName('V3Price', { withDefaults: false, variant: 2 }), 'v3PriceNoDefaultsSchema2'],
    [namespaceClassName('agricultureThresher'), 'AgricultureThresherNamespace'],
    [namespaceClassName('v3'), 'V3Namespace'],
    [operationTypeName('v4_agriculture_thresher_partial_update'), 'V4AgricultureThresherPartialUpdate'],
    [argumentName('source_id'), 'sourceId'],
    [typeSubjectName({ tag: 'agriculture-thresher', resource: 'agriculture-thresher' }), 'AgricultureThresher'],
    [typeSubjectName({ tag: 'ad' }), 'Ad'],
    [typeSubjectName({ tag: 'listings' }), 'Listing'],
    [typeSubjectName({ tag: 'media' }), 'Media'],
    [typeSubjectName({ tag: 'address' }), 'Address'],
    [bodyTypeName('Car', 'create'), 'CarCreateBody'],
    [bodyTypeName('Publication', 'setState'), 'PublicationSetStateBody'],
    [answerTypeName('Ad', 'get'), 'Ad'],
    [answerTypeName('Ad', 'list'), 'AdList'],
    [answerTypeName('Car', 'create'), 'CarCreateResult'],
    [attributeNames('powertrain.fuel').guard, 'isPowertrainFuel'],
    [childNames('model', 'brand').catalogue, 'modelByBrand'],
    [childNames('model', 'brand').type, 'ModelOfBrand'],
    [stringLiteral("it's\n"), "'it\\'s\\n'"],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected);
  });
});
