// @x/pro-import-enums: the catalogues and their guards.
'use strict';

module.exports = async function probe(load) {
  const enums = await load('@x/pro-import-enums');
  if (!enums.isVehicleType('boat') || enums.isVehicleType('spaceship')) throw new Error('isVehicleType answers wrongly');
  if (enums.vehicleTypeOfCategory(1020) !== 'car') throw new Error(`vehicleTypeOfCategory(1020) is ${enums.vehicleTypeOfCategory(1020)}`);
  return `${enums.vehicleTypes.length} vehicle types, guards and category lookup`;
};
