/** Building blocks of operations: parameters and the documented responses. */
import { ref, type JsonObject } from "./json.js";
import { AD_ACTIONS, DATETIME_FILTER_PATTERN, LOG_STATES } from "./shared.js";

export function query(name: string, schema: JsonObject, description: string, required = false): JsonObject {
  return { name, in: "query", required, schema, description };
}

export function pathParam(name: string, description: string, schema: JsonObject = { type: "string" }): JsonObject {
  return { name, in: "path", required: true, schema, description };
}

export const SOURCE_ID_PARAM = pathParam("source_id", "Client's reference ID of the ad.");

const csv = (description: string): JsonObject => ({ type: "string", description: `${description} (comma separated)` });
const dateFilter = (field: string, op: string): JsonObject =>
  query(`${field}__${op}`, { type: "string", pattern: DATETIME_FILTER_PATTERN, example: "2025-01-01 00:00:00" }, `\`${field}\` ${op} the given time. Format: YYYY-MM-DD HH:MM:SS`);

const paging = [
  query("limit", { type: "integer", minimum: 0 }, "Limit results (page size)."),
  query("offset", { type: "integer", minimum: 0 }, "Offset results."),
];

/** Filters of `GET /v4/ad` and `GET /v4/{vehicle_type}` (V4 list parameter table). */
export function v4ListParams(): JsonObject[] {
  return [
    query("id", { type: "string", format: "uuid" }, "Internal ad ID (UUID)."),
    query("state", { type: "string", enum: ["created", "deleted"] }, "Ad state."),
    query("source_id", { type: "string" }, "Client's reference ID (exact match)."),
    query("source_id__in", csv("Source IDs to include"), "Comma separated list of source IDs to include."),
    query("source_id__icontains", { type: "string" }, "Case-insensitive partial match on source ID."),
    query("dealer_code", { type: "string" }, "Customer identifier."),
    query("category_id", { type: "integer" }, "Category ID (exact match)."),
    query("category_id__in", { ...csv("Category IDs"), pattern: "^[0-9]+(,[0-9]+)*$" }, "Comma separated list of category IDs to include."),
    query("search", { type: "string" }, "Case-insensitive text search across the title and body fields."),
    query("blocket_ad_id", { type: "string" }, "Ad ID on Blocket."),
    query("blocket_ad_id__in", csv("Blocket ad IDs"), "Comma separated list of Blocket ad IDs to include."),
    query("registration_number", { type: "string" }, "Registration number of the vehicle (case-insensitive). Only works for registered vehicles."),
    ...["created", "updated"].flatMap((f) => ["gt", "gte", "lt", "lte"].map((op) => dateFilter(f, op))),
    ...paging,
    query("ordering", { type: "string", enum: ["-created", "created", "-updated", "updated", "-source_id", "source_id"] }, "Sort order."),
    query("fields", csv("Field names"), "Comma separated fields to include in response."),
    query("include", { type: "string", enum: ["log"] }, "Fields excluded by default to include: `log` (only the 100 latest log messages; use the `/log` endpoint for more)."),
  ];
}

/** Filters of the V3 list (the V3 edition's table: fewer date operators, adds `blocket_store_id`). */
export function v3ListParams(): JsonObject[] {
  return [
    query("state", { type: "string", enum: ["created", "deleted"] }, "Ad state."),
    query("source_id", { type: "string" }, "Client's reference ID."),
    query("source_id__in", csv("Source IDs"), "Comma separated list of IDs to include."),
    query("dealer_code", { type: "string" }, "Customer identifier."),
    query("search", { type: "string" }, "Freetext search."),
    query("blocket_store_id", { type: "string" }, "Store ID on Blocket."),
    query("blocket_ad_id", { type: "string" }, "Ad ID on Blocket."),
    query("registration_number", { type: "string" }, "Registration number of the vehicle. Only works for registered vehicles."),
    dateFilter("created", "gt"),
    dateFilter("created", "lt"),
    dateFilter("updated", "gt"),
    dateFilter("updated", "lt"),
    ...paging,
    query("ordering", { type: "string", enum: ["-created", "created", "-updated", "updated"] }, "Sort order."),
    query("fields", csv("Field names"), "Comma separated fields to include in response."),
    query("include", { type: "string", enum: ["log"] }, "Fields excluded by default to include: `log` (only the 100 latest log messages)."),
  ];
}

export function logParams(version: "v3" | "v4"): JsonObject[] {
  // V3 has no `boost` action and no `request_id` filter.
  const actions = version === "v4" ? AD_ACTIONS : AD_ACTIONS.filter((a) => a !== "boost");
  return [
    query("action", { type: "string", enum: actions }, "Only entries of this action."),
    query("state", { type: "string", enum: LOG_STATES }, "Only entries in this state."),
    ...(version === "v4" ? [query("request_id", { type: "string", format: "uuid" }, "Filter by request ID (UUID) to see only log entries from a specific API call.")] : []),
    ...paging,
    query("ordering", { type: "string", enum: ["-created", "created"] }, "Sort order."),
  ];
}

export function bumpParams(): JsonObject[] {
  return [
    query("exclude_bytbil", { type: "boolean", default: false }, "Registered vehicles: renew on Blocket only."),
    query("exclude_blocket", { type: "boolean", default: false }, "Registered vehicles: renew on Bytbil only."),
  ];
}

const json = (schema: JsonObject): JsonObject => ({ content: { "application/json": { schema } } });

/** The documented error responses; 404 only where a path names a resource. */
export function errorResponses(withNotFound: boolean, withValidation: boolean): Record<string, JsonObject> {
  return {
    ...(withValidation
      ? { "400": { description: "Validation error: field errors (possibly nested) or non-field errors.", ...json({ oneOf: [ref("FieldErrors"), ref("NonFieldErrors")] }) } }
      : {}),
    "401": { description: "Missing or invalid X-Auth-Token header.", ...json(ref("ErrorDetail")) },
    "403": { description: "Token is valid but lacks required scope for the endpoint.", ...json(ref("ErrorDetail")) },
    ...(withNotFound ? { "404": { description: "The ad does not exist or does not belong to your dealer.", ...json(ref("ErrorDetail")) } } : {}),
  };
}

export function ok(status: "200" | "201", description: string, schema: JsonObject): Record<string, JsonObject> {
  return { [status]: { description, ...json(schema) } };
}

export function jsonBody(schemaName: string, example?: JsonObject): JsonObject {
  return {
    required: true,
    content: { "application/json": { schema: ref(schemaName), ...(example === undefined ? {} : { example }) } },
  };
}
