import { CATALOGUES } from '../generated/catalogues.gen.js';
import { badRequest, notFound, type ApiResult } from './context.js';

/** GET /v4/vehicles/{vehicle_type}/attributes */
export function attributes(vehicleType: string): ApiResult {
  const catalogue = Object.hasOwn(CATALOGUES, vehicleType) ? CATALOGUES[vehicleType] : undefined;
  if (catalogue === undefined) return notFound();
  return { status: 200, body: catalogue.attributes };
}

/** GET /v4/vehicles/{vehicle_type}/{attribute}: 404 for an attribute the catalogue does not have. */
export function attributeValues(vehicleType: string, attribute: string): ApiResult {
  const catalogue = Object.hasOwn(CATALOGUES, vehicleType) ? CATALOGUES[vehicleType] : undefined;
  const values =
    catalogue !== undefined && Object.hasOwn(catalogue.values, attribute)
      ? catalogue.values[attribute]
      : undefined;
  if (values === undefined) return notFound();
  return { status: 200, body: values };
}

/** An own property of `record` only, so ids like `toString` or `__proto__` never reach Object.prototype. */
function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** GET /v4/vehicles/car/models?brand= and /v3/vehicle/models?brand=: the models of one brand ([] for an unknown brand). */
export function childValues(vehicleType: string, attribute: string, parent: string | null): ApiResult {
  const catalogue = own(CATALOGUES, vehicleType);
  const child = own(catalogue?.children, attribute);
  if (catalogue === undefined || child === undefined) return notFound();
  if (parent === null || parent === '') return badRequest({ [child.parent]: ['This field is required.'] });
  const byId = own(child.values, parent);
  if (byId !== undefined) return { status: 200, body: byId };
  // V3 clients send brand names ("Volvo"); accept the name of a catalogue value too.
  const brand = own(catalogue.values, child.parent)?.find((v) => v.name.toLowerCase() === parent.toLowerCase());
  return { status: 200, body: (brand === undefined ? undefined : own(child.values, brand.id)) ?? [] };
}
