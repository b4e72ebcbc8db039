import type { ApiModel } from '@x/generator-core';
import { catalogueImportPath, compareStrings, stringLiteral as literal } from '@x/generator-core';

/** `index.gen.ts`: the vehicle types with their category ids, registered flag and catalogue module. */
export function emitIndexModule(model: ApiModel): string {
  const resources = [...model.resources].sort((a, b) => compareStrings(a.name, b.name));
  const rows = resources.map(
    (r) =>
      `  { name: ${literal(r.name)}, categoryId: ${r.meta.categoryId}, registered: ${r.meta.registered}, module: ${literal(catalogueImportPath(model.config.packages.enums, r.name))} },`,
  );
  return [
    `/** Every vehicle type of ${model.config.title}: its category id, whether it is a registered vehicle, and its catalogue module. */`,
    `export const vehicleTypes = [\n${rows.join('\n')}\n] as const;`,
    '',
    '/** A vehicle type name (`car`, `agriculture-thresher`, ...). */',
    `export type VehicleType = (typeof vehicleTypes)[number]['name'];`,
    '',
    '/** Whether `value` is a vehicle type name. */',
    'export function isVehicleType(value: unknown): value is VehicleType {',
    '  return vehicleTypes.some((type) => type.name === value);',
    '}',
    '',
    '/** The registered vehicle types: no `title` or `contact` in their bodies, `leasing` prices allowed, no `lkf` location. */',
    `export const registeredVehicleTypes: readonly VehicleType[] = vehicleTypes.filter((type) => type.registered).map((type) => type.name);`,
    '',
    '/** The vehicle type of a category id, or undefined. */',
    'export function vehicleTypeOfCategory(categoryId: number): VehicleType | undefined {',
    '  return vehicleTypes.find((type) => type.categoryId === categoryId)?.name;',
    '}',
    '',
  ].join('\n');
}
