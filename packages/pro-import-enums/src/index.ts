/**
 * `@x/pro-import-enums`: the vehicle types and, per type, the attribute catalogues (`@x/pro-import-enums/car`, ...).
 * This entry only lists the vehicle types; import a type's catalogue from its own subpath so bundles stay small.
 *
 * @example
 * import { vehicleTypes, isVehicleType } from '@x/pro-import-enums';
 * import { brand, modelByBrand } from '@x/pro-import-enums/car';
 * brand.nameOf('volvo'); // 'Volvo'
 */
import { resources } from './generated/index.gen.js';

export type { Catalogue, CatalogueItem, ChildCatalogue, ChildIdOf } from './runtime/catalogue.js';

/** Every vehicle type of the Pro Import API: its category id, whether it is a registered vehicle, and its catalogue module. */
export const vehicleTypes = resources.map((r) => ({
  name: r.name,
  categoryId: r.facts.categoryId,
  registered: r.facts.registered,
  module: r.module,
}));

/** A vehicle type name (`car`, `agriculture-thresher`, ...). */
export type VehicleType = (typeof resources)[number]['name'];

/** Whether `value` is a vehicle type name. */
export function isVehicleType(value: unknown): value is VehicleType {
  return resources.some((type) => type.name === value);
}

/** The registered vehicle types: no `title` or `contact` in their bodies, `leasing` prices allowed, no `lkf` location. */
export const registeredVehicleTypes: readonly VehicleType[] = resources.filter((type) => type.facts.registered).map((type) => type.name);

/** The vehicle type of a category id (its own, or another category its endpoint accepts), or undefined. */
export function vehicleTypeOfCategory(categoryId: number): VehicleType | undefined {
  return resources.find(
    (type) => type.facts.categoryId === categoryId || ('otherCategoryIds' in type.facts && (type.facts.otherCategoryIds as readonly number[]).includes(categoryId)),
  )?.name;
}
