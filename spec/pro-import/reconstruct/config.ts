import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** spec/pro-import, resolved from this file so the script works from any cwd. */
export const API_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Fixed, not the clock: re-running the reconstruction must give byte-identical files. */
export const RECONSTRUCTED_DATE = "2026-11-23";
export const RECONSTRUCTED_SOURCE = "reconstructed from the public Pro Import API documentation (v4 and v3 editions)";

/** The 16 typed resources, in the order the V4 documentation lists them under "Available vehicle types". */
export const VEHICLE_TYPES = [
  "car",
  "transport",
  "motorcycle",
  "moped",
  "snowmobile",
  "atv",
  "camper",
  "caravan",
  "trailer",
  "boat",
  "agriculture-thresher",
  "agriculture-tractor",
  "agriculture-tools",
  "bus",
  "truck",
  "construction",
] as const;
export type VehicleType = (typeof VEHICLE_TYPES)[number];

export interface ResourceConfig {
  categoryId: number;
  registered: boolean;
  legacyCategoryIds: number[];
  migrationRequired?: boolean;
  /** Further categories the typed endpoint accepts (moped: 1122 A-tractors, inferred). */
  otherCategoryIds?: number[];
}

interface ApiConfig {
  title: string;
  baseUrl: string;
  auth: { header: string };
  resources: Record<string, ResourceConfig | string>;
}

/** api.config.json is the single source of category ids and the registered flag (the generators read it too). */
function loadConfig(): ApiConfig {
  return JSON.parse(readFileSync(join(API_DIR, "api.config.json"), "utf8")) as ApiConfig;
}

export const API_CONFIG = loadConfig();

export function resource(type: VehicleType): ResourceConfig {
  const entry = API_CONFIG.resources[type];
  if (entry === undefined || typeof entry === "string") {
    throw new Error(`api.config.json has no resource "${type}"`);
  }
  return entry;
}

/** `agriculture-thresher` -> `AgricultureThresher` (schema name prefix). */
export function pascal(type: string): string {
  return type
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** `agriculture-thresher` -> `agriculture_thresher` (operationId segment, drf-spectacular style). */
export function snake(type: string): string {
  return type.replace(/-/g, "_");
}

/** Category ids of registered vehicles, V3 ids included (used by the V3 rules, which cover one schema for all). */
export function registeredCategoryIds(): number[] {
  const ids = new Set<number>();
  for (const type of VEHICLE_TYPES) {
    const r = resource(type);
    if (r.registered) {
      ids.add(r.categoryId);
      for (const id of r.legacyCategoryIds) ids.add(id);
    }
  }
  return [...ids].sort((a, b) => a - b);
}
