import { describe, expect, it } from 'vitest';
import { argumentName, namespaceClassName, operationTypeName, validatorFunctionName, validatorModulePath } from '../src/names.js';

describe('names', () => {
  it.each([
    [namespaceClassName('agricultureThresher'), 'AgricultureThresherNamespace'],
    [namespaceClassName('v3'), 'V3Namespace'],
    [operationTypeName('v4_agriculture_thresher_partial_update'), 'V4AgricultureThresherPartialUpdate'],
    [argumentName('source_id'), 'sourceId'],
    [argumentName('vehicle_type'), 'vehicleType'],
    [validatorModulePath('agriculture-thresher'), './validators/agriculture-thresher.gen.js'],
    [validatorFunctionName('agriculture-thresher', 'migrate'), 'validateAgricultureThresherMigrate'],
    [validatorFunctionName('car', 'create'), 'validateCarCreate'],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected);
  });
});
