import type { Json } from "./json.js";
import { choices, type Choice, type FieldSpec } from "./table.js";

/** Value lists shared by several vehicle types, so the same fuel is spelled the same everywhere. */
export const FUELS = choices("Petrol", "Diesel", "Electric", ["hybrid", "Hybrid (petrol/electric)"], ["plugin_hybrid", "Plug-in hybrid"], ["ethanol", "Ethanol (E85)"], ["gas", "Gas (CNG/biogas)"], ["hvo", "HVO"]);
export const HEAVY_FUELS = choices("Diesel", "Electric", ["hvo", "HVO"], ["gas", "Gas (CNG/biogas)"], ["hybrid", "Hybrid (diesel/electric)"]);
export const GEARBOXES = choices("Manual", "Automatic");
export const COLORS = choices("Black", "White", "Silver", "Grey", "Blue", "Red", "Green", "Brown", "Beige", "Yellow", "Orange", "Other");
export const EMISSION_CLASSES = choices(["euro_3", "Euro 3"], ["euro_4", "Euro 4"], ["euro_5", "Euro 5"], ["euro_6", "Euro 6"]);
export const CONDITION_STATUS = choices("New", "Used", ["demo", "Demonstration vehicle"]);

/** `registration_number`: required on every registered vehicle (the docs name it first for cars; matching uses it). */
export function registrationNumber(example: string): FieldSpec {
  return {
    path: "registration_number",
    kind: "string",
    required: true,
    pattern: "^[A-Za-z0-9]{2,7}$",
    description: "Swedish registration number (licence plate), letters and digits without spaces. Existing Blocket Admin ads are matched on it, Q plates included.",
    example,
  };
}

/** Optional registration number for heavy vehicles, which are not "registered vehicle" categories in the API. */
export function optionalRegistrationNumber(): FieldSpec {
  return {
    path: "registration_number",
    kind: "string",
    pattern: "^[A-Za-z0-9]{2,7}$",
    description: "Registration number, when the vehicle has one (letters and digits without spaces).",
  };
}

export function brand(values: Choice[], example: string, required = true): FieldSpec {
  return { path: "brand", kind: "enum", required, values, description: "Brand; valid values from `GET /v4/vehicles/{vehicle_type}/brand`.", example };
}

export function model(example: string, required = true, description = "Model name as free text."): FieldSpec {
  return { path: "model", kind: "string", required, maxLength: 100, description, example };
}

export function modelYear(example: number, required = false): FieldSpec {
  return { path: "model_year", kind: "integer", required, minimum: 1900, maximum: 2100, description: "Model year.", example };
}

export function mileage(example: number, required = true): FieldSpec {
  return { path: "mileage", kind: "integer", required, minimum: 0, description: "Odometer reading in kilometres.", example };
}

export function operatingHours(example: number): FieldSpec {
  return { path: "operating_hours", kind: "integer", minimum: 0, description: "Engine operating hours.", example };
}

export function enumField(path: string, values: Choice[], description: string, example?: Json, required = false): FieldSpec {
  return example === undefined ? { path, kind: "enum", values, description, required } : { path, kind: "enum", values, description, required, example };
}

export function equipments(values: Choice[], example: string[]): FieldSpec {
  return { path: "equipments", kind: "enum-list", values, description: "Equipment ids; valid values from `GET /v4/vehicles/{vehicle_type}/equipments`.", example };
}

export function intField(path: string, description: string, example?: number, minimum = 0): FieldSpec {
  return example === undefined ? { path, kind: "integer", minimum, description } : { path, kind: "integer", minimum, description, example };
}

export function conditionFields(example: string): FieldSpec[] {
  return [
    enumField("condition.status", CONDITION_STATUS, "Whether the vehicle is new, used or a demonstration vehicle.", example),
    { path: "condition.service_history", kind: "boolean", description: "A complete service history is available.", example: true },
  ];
}

export const CONDITION_GROUP = "Condition of the vehicle.";
export const POWERTRAIN_GROUP = "Engine and drivetrain.";
export const PHYSICS_GROUP = "Dimensions and weights.";
