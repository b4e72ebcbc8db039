import type { VehicleType } from "./config.js";
import type { Json } from "../../reconstruct/json.js";
import type { Source, Sourced } from "./sources.js";

/** One catalogue value: `id` is the slug the API accepts, `name` the label it shows. */
export interface Choice {
  id: string;
  name: string;
}

/**
 * One attribute of a vehicle type's `category_fields`. `path` is the dotted attribute id the catalogue uses
 * (`powertrain.fuel` addresses `category_fields.powertrain.fuel`). Every constraint carries its source: `source` is
 * where the field and its type come from, and each bound, pattern and the required flag name their own.
 */
export interface FieldSpec {
  path: string;
  kind: "string" | "integer" | "number" | "boolean" | "enum" | "enum-list";
  description: string;
  /** Where the field and its JSON type come from. */
  source: Source;
  /** Required within its parent object, and why; absent: optional. A nested object is required when one of its fields is. */
  required?: Source;
  /** Catalogue values; their list's source is the catalogue's. */
  values?: Choice[];
  minimum?: Sourced<number>;
  maximum?: Sourced<number>;
  pattern?: Sourced<string>;
  maxLength?: Sourced<number>;
  /** Goes into the create example; every required field must have one. */
  example?: Json;
}

/** Values of an attribute that depend on a parent attribute (car models per brand). */
export interface ChildCatalogue {
  parent: string;
  values: Record<string, Choice[]>;
}

/** Everything about one vehicle type: its schema, its catalogue and its example all come from here. */
export interface VehicleTable {
  type: VehicleType;
  /** What the vehicle type is, for the tag and schema descriptions. */
  label: string;
  fields: FieldSpec[];
  /** Descriptions of the nested objects (`powertrain`, `physics`, ...). */
  groups?: Record<string, string>;
  /** Where a nested object comes from, when the documentation names it (boat `powertrain`); default reconstructed. */
  groupSources?: Record<string, Source>;
  children?: Record<string, ChildCatalogue>;
  example: { title: string; body: string; price: number; leasing?: number; sourceId: string };
}

/** `Mercedes-Benz` -> `mercedes-benz`, `Bürstner` -> `burstner`: the slug style of the documented ids (`volvo`). */
export function slug(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Choices from names (id = slug) or explicit `[id, name]` pairs, sorted by id as the catalogue requires. */
export function choices(...items: Array<string | [string, string]>): Choice[] {
  const list = items.map((item) =>
    typeof item === "string" ? { id: slug(item), name: item } : { id: item[0], name: item[1] },
  );
  const seen = new Set<string>();
  for (const c of list) {
    if (seen.has(c.id)) throw new Error(`duplicate catalogue id ${c.id}`);
    seen.add(c.id);
  }
  return list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `powertrain.fuel` -> `Powertrain Fuel`, the naming the documented attributes endpoint uses. */
export function attributeName(path: string): string {
  return path
    .split(/[._]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}
