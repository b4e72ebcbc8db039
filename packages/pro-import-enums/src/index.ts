/**
 * `@x/pro-import-enums`: the vehicle types and, per type, the attribute catalogues (`@x/pro-import-enums/car`, ...).
 * This entry only lists the vehicle types; import a type's catalogue from its own subpath so bundles stay small.
 *
 * @example
 * import { vehicleTypes, isVehicleType } from '@x/pro-import-enums';
 * import { brand, modelByBrand } from '@x/pro-import-enums/car';
 * brand.nameOf('volvo'); // 'Volvo'
 */
export { isVehicleType, registeredVehicleTypes, vehicleTypeOfCategory, vehicleTypes, type VehicleType } from './generated/index.gen.js';
export type { Catalogue, CatalogueItem, ChildCatalogue, ChildIdOf } from './runtime/catalogue.js';
