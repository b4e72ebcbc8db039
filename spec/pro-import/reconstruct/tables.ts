import { VEHICLE_TYPES, type VehicleType } from "./config.js";
import type { VehicleTable } from "./table.js";
import { REGISTERED_TABLES } from "./vehicles-registered.js";
import { UNREGISTERED_TABLES } from "./vehicles-unregistered.js";

/** All 16 tables in VEHICLE_TYPES order; fails loudly if one is missing or doubled. */
export function vehicleTables(): VehicleTable[] {
  const byType = new Map<VehicleType, VehicleTable>();
  for (const table of [...REGISTERED_TABLES, ...UNREGISTERED_TABLES]) {
    if (byType.has(table.type)) throw new Error(`two tables for ${table.type}`);
    byType.set(table.type, table);
  }
  return VEHICLE_TYPES.map((type) => {
    const table = byType.get(type);
    if (table === undefined) throw new Error(`no table for ${type}`);
    return table;
  });
}
