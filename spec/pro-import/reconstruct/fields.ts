import type { Json } from "../../reconstruct/json.js";
import { inferred, RECONSTRUCTED_FIELD, reconstructed, type Source } from "./sources.js";
import { choices, type Choice, type FieldSpec } from "./table.js";

/** Value lists shared by several vehicle types, so the same fuel is spelled the same everywhere. */
export const FUELS = choices("Petrol", "Diesel", "Electric", ["hybrid", "Hybrid (petrol/electric)"], ["plugin_hybrid", "Plug-in hybrid"], ["ethanol", "Ethanol (E85)"], ["gas", "Gas (CNG/biogas)"], ["hvo", "HVO"]);
export const HEAVY_FUELS = choices("Diesel", "Electric", ["hvo", "HVO"], ["gas", "Gas (CNG/biogas)"], ["hybrid", "Hybrid (diesel/electric)"]);
export const GEARBOXES = choices("Manual", "Automatic");
export const COLORS = choices("Black", "White", "Silver", "Grey", "Blue", "Red", "Green", "Brown", "Beige", "Yellow", "Orange", "Other");
export const EMISSION_CLASSES = choices(["euro_3", "Euro 3"], ["euro_4", "Euro 4"], ["euro_5", "Euro 5"], ["euro_6", "Euro 6"]);
export const CONDITION_STATUS = choices("New", "Used", ["demo", "Demonstration vehicle"]);

/** A field the documentation names (for cars or boats) without describing its type or values. */
export function named(what: string): Source {
  return inferred(`The documentation names ${what} among the category fields but does not describe its type or values (they are in the Swagger UI, which needs a dealer token).`);
}

/** Why a category field is required: never stated by the documents. */
const REQUIRED_GUESS = reconstructed("The documentation does not say which category fields are required; this one is required in the reconstruction because an ad of this type is hardly searchable without it.");
const REGISTRATION_REQUIRED = inferred(
  "The documents' nested-error example is `\"category_fields\": {\"registration_number\": [\"This field is required.\"]}`, and existing Blocket Admin ads are matched on the licence plate; which vehicle types require it is not stated.",
);
const BOUNDS = reconstructed("The documentation states no bounds for this number; a negative count or size makes no sense, so the reconstruction warns about one.");

/** `registration_number` of a registered vehicle. No format: the documents state none (plates are written `ABC123` and `ABC 123`). */
export function registrationNumber(example: string, source: Source = RECONSTRUCTED_FIELD): FieldSpec {
  return {
    path: "registration_number",
    kind: "string",
    source,
    required: REGISTRATION_REQUIRED,
    description: "Registration number (licence plate). Existing Blocket Admin ads are matched on it, Q plates included. The documents state no format.",
    example,
  };
}

/** Optional registration number for heavy vehicles, which are not "registered vehicle" categories in the API. */
export function optionalRegistrationNumber(): FieldSpec {
  return { path: "registration_number", kind: "string", source: RECONSTRUCTED_FIELD, description: "Registration number, when the vehicle has one." };
}

export function brand(values: Choice[], example: string, options: { required?: boolean; source?: Source } = {}): FieldSpec {
  const field: FieldSpec = {
    path: "brand",
    kind: "enum",
    source: options.source ?? RECONSTRUCTED_FIELD,
    values,
    description: "Brand; valid values from `GET /v4/vehicles/{vehicle_type}/brand`.",
    example,
  };
  if (options.required !== false) field.required = REQUIRED_GUESS;
  return field;
}

export function model(example: string, options: { required?: boolean; description?: string; source?: Source } = {}): FieldSpec {
  const field: FieldSpec = {
    path: "model",
    kind: "string",
    source: options.source ?? RECONSTRUCTED_FIELD,
    maxLength: { value: 100, source: reconstructed("The documentation states no length; 100 characters is the reconstruction's guess of a model name field.") },
    description: options.description ?? "Model name as free text.",
    example,
  };
  if (options.required !== false) field.required = REQUIRED_GUESS;
  return field;
}

const YEAR_BOUNDS = reconstructed("The documentation states no range for years; 1900-2100 is the reconstruction's plausibility check.");

export function modelYear(example: number, options: { required?: boolean; source?: Source } = {}): FieldSpec {
  const field: FieldSpec = {
    path: "model_year",
    kind: "integer",
    source: options.source ?? RECONSTRUCTED_FIELD,
    minimum: { value: 1900, source: YEAR_BOUNDS },
    maximum: { value: 2100, source: YEAR_BOUNDS },
    description: "Model year.",
    example,
  };
  if (options.required === true) field.required = REQUIRED_GUESS;
  return field;
}

export function mileage(example: number, options: { required?: boolean; source?: Source } = {}): FieldSpec {
  const field: FieldSpec = {
    path: "mileage",
    kind: "integer",
    source: options.source ?? RECONSTRUCTED_FIELD,
    minimum: { value: 0, source: BOUNDS },
    description: "Odometer reading. The documentation does not state the unit (Swedish listings often give mil, 10 km); check the Swagger UI or a live pull.",
    example,
  };
  if (options.required !== false) field.required = REQUIRED_GUESS;
  return field;
}

export function operatingHours(example: number): FieldSpec {
  return { path: "operating_hours", kind: "integer", source: RECONSTRUCTED_FIELD, minimum: { value: 0, source: BOUNDS }, description: "Engine operating hours.", example };
}

export function enumField(path: string, values: Choice[], description: string, example?: Json, options: { required?: boolean; source?: Source } = {}): FieldSpec {
  const field: FieldSpec = { path, kind: "enum", source: options.source ?? RECONSTRUCTED_FIELD, values, description };
  if (example !== undefined) field.example = example;
  if (options.required === true) field.required = REQUIRED_GUESS;
  return field;
}

export function equipments(values: Choice[], example: string[], source: Source = RECONSTRUCTED_FIELD): FieldSpec {
  return { path: "equipments", kind: "enum-list", source, values, description: "Equipment ids; valid values from `GET /v4/vehicles/{vehicle_type}/equipments`.", example };
}

export function intField(path: string, description: string, example?: number, minimum = 0): FieldSpec {
  const field: FieldSpec = { path, kind: "integer", source: RECONSTRUCTED_FIELD, minimum: { value: minimum, source: BOUNDS }, description };
  if (example !== undefined) field.example = example;
  return field;
}

export function conditionFields(example: string): FieldSpec[] {
  return [
    enumField("condition.status", CONDITION_STATUS, "Whether the vehicle is new, used or a demonstration vehicle.", example),
    { path: "condition.service_history", kind: "boolean", source: RECONSTRUCTED_FIELD, description: "A complete service history is available.", example: true },
  ];
}

export const CONDITION_GROUP = "Condition of the vehicle.";
export const POWERTRAIN_GROUP = "Engine and drivetrain.";
export const PHYSICS_GROUP = "Dimensions and weights.";
