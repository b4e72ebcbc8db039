/** Building blocks of operations: parameters and the documented responses. */
import { ref, type JsonObject } from "../../reconstruct/json.js";
import { AD_ACTIONS, DATETIME_FILTER_PATTERN, LOG_STATES } from "./shared.js";
import {
  DOC_BUMP_EXCLUDE, DOC_DATE_FORMAT, DOC_FIELD_ERRORS, DOC_FILTER_CATEGORY, DOC_FILTER_ID, DOC_FILTER_STATE, DOC_LOG_ACTION_FILTER,
  DOC_LOG_ORDERING, DOC_LOG_STATE_FILTER, DOC_ORDERING, DOC_REQUEST_ID_FILTER, DOC_SOURCE_ID, DOC_V3_DATE_FORMAT, DOC_V3_ORDERING,
  documented, DRF_PAGE, inferred, QUERY_TYPES, sourced, V3_DOC, withSource, type Source,
} from "./sources.js";

/** A query parameter; `schema` must carry its sources, `required` is the source of `required: true`. */
export function query(name: string, schema: JsonObject, description: string, required?: Source): JsonObject {
  return {
    name,
    in: "query",
    required: required !== undefined,
    schema,
    description,
    ...(required === undefined ? {} : { "x-source": { required } }),
  };
}

export function pathParam(name: string, description: string, schema: JsonObject = withSource(QUERY_TYPES, { type: "string" })): JsonObject {
  return { name, in: "path", required: true, schema, description };
}

export const SOURCE_ID_PARAM = pathParam("source_id", "Client's reference ID of the ad.", withSource(DOC_SOURCE_ID, { type: "string" }));

const text = (): JsonObject => withSource(QUERY_TYPES, { type: "string" });
const csv = (description: string): JsonObject => withSource(QUERY_TYPES, { type: "string", description: `${description} (comma separated)` });
const dateFilter = (field: string, op: string, source: Source): JsonObject =>
  query(`${field}__${op}`, sourced({ type: "string", pattern: DATETIME_FILTER_PATTERN, example: "2025-01-01 00:00:00" }, { type: QUERY_TYPES, pattern: source }), `\`${field}\` ${op} the given time. Format: YYYY-MM-DD HH:MM:SS`);

const paging = [
  query("limit", withSource(DRF_PAGE, { type: "integer", minimum: 0 }), "Limit results (page size)."),
  query("offset", withSource(DRF_PAGE, { type: "integer", minimum: 0 }), "Offset results."),
];

const INCLUDE = inferred("\"Fields excluded by default in this endpoint are: log\": `log` is the only value the documents name.");
const CATEGORY_LIST = inferred("\"Comma separated list of category IDs\": category ids are integers.");

/** Filters of `GET /v4/ad` and `GET /v4/{vehicle_type}` (V4 list parameter table). */
export function v4ListParams(): JsonObject[] {
  return [
    query("id", withSource(DOC_FILTER_ID, { type: "string", format: "uuid" }), "Internal ad ID (UUID)."),
    query("state", withSource(DOC_FILTER_STATE, { type: "string", enum: ["created", "deleted"] }), "Ad state."),
    query("source_id", text(), "Client's reference ID (exact match)."),
    query("source_id__in", csv("Source IDs to include"), "Comma separated list of source IDs to include."),
    query("source_id__icontains", text(), "Case-insensitive partial match on source ID."),
    query("dealer_code", text(), "Customer identifier."),
    query("category_id", sourced({ type: "integer" }, { type: DOC_FILTER_CATEGORY }), "Category ID (exact match)."),
    query("category_id__in", sourced({ ...csv("Category IDs"), pattern: "^[0-9]+(,[0-9]+)*$" }, { pattern: CATEGORY_LIST }), "Comma separated list of category IDs to include."),
    query("search", text(), "Case-insensitive text search across the title and body fields."),
    query("blocket_ad_id", text(), "Ad ID on Blocket."),
    query("blocket_ad_id__in", csv("Blocket ad IDs"), "Comma separated list of Blocket ad IDs to include."),
    query("registration_number", text(), "Registration number of the vehicle (case-insensitive). Only works for registered vehicles."),
    ...["created", "updated"].flatMap((f) => ["gt", "gte", "lt", "lte"].map((op) => dateFilter(f, op, DOC_DATE_FORMAT))),
    ...paging,
    query("ordering", withSource(DOC_ORDERING, { type: "string", enum: ["-created", "created", "-updated", "updated", "-source_id", "source_id"] }), "Sort order."),
    query("fields", csv("Field names"), "Comma separated fields to include in response."),
    query("include", sourced({ type: "string", enum: ["log"] }, { type: QUERY_TYPES, enum: INCLUDE }), "Fields excluded by default to include: `log` (only the 100 latest log messages; use the `/log` endpoint for more)."),
  ];
}

/** Filters of the V3 list (the V3 edition's table: fewer date operators, adds `blocket_store_id`). */
export function v3ListParams(): JsonObject[] {
  return [
    query("state", withSource(documented(V3_DOC, "state Filter Values available: created deleted"), { type: "string", enum: ["created", "deleted"] }), "Ad state."),
    query("source_id", text(), "Client's reference ID."),
    query("source_id__in", csv("Source IDs"), "Comma separated list of IDs to include."),
    query("dealer_code", text(), "Customer identifier."),
    query("search", text(), "Freetext search."),
    query("blocket_store_id", text(), "Store ID on Blocket."),
    query("blocket_ad_id", text(), "Ad ID on Blocket."),
    query("registration_number", text(), "Registration number of the vehicle. Only works for registered vehicles."),
    dateFilter("created", "gt", DOC_V3_DATE_FORMAT),
    dateFilter("created", "lt", DOC_V3_DATE_FORMAT),
    dateFilter("updated", "gt", DOC_V3_DATE_FORMAT),
    dateFilter("updated", "lt", DOC_V3_DATE_FORMAT),
    ...paging,
    query("ordering", withSource(DOC_V3_ORDERING, { type: "string", enum: ["-created", "created", "-updated", "updated"] }), "Sort order."),
    query("fields", csv("Field names"), "Comma separated fields to include in response."),
    query("include", sourced({ type: "string", enum: ["log"] }, { type: QUERY_TYPES, enum: INCLUDE }), "Fields excluded by default to include: `log` (only the 100 latest log messages)."),
  ];
}

export function logParams(version: "v3" | "v4"): JsonObject[] {
  // V3 has no `boost` action and no `request_id` filter.
  const actions = version === "v4" ? AD_ACTIONS : AD_ACTIONS.filter((a) => a !== "boost");
  const actionSource = version === "v4" ? DOC_LOG_ACTION_FILTER : documented(V3_DOC, "action Filter Values available: create update bump delete handle_media publish unpublish");
  const stateSource = version === "v4" ? DOC_LOG_STATE_FILTER : documented(V3_DOC, "state Filter Values available: processing done error");
  const orderingSource = version === "v4" ? DOC_LOG_ORDERING : documented(V3_DOC, "ordering Setting Values available: -created created");
  return [
    query("action", withSource(actionSource, { type: "string", enum: actions }), "Only entries of this action."),
    query("state", withSource(stateSource, { type: "string", enum: LOG_STATES }), "Only entries in this state."),
    ...(version === "v4" ? [query("request_id", withSource(DOC_REQUEST_ID_FILTER, { type: "string", format: "uuid" }), "Filter by request ID (UUID) to see only log entries from a specific API call.")] : []),
    ...paging,
    query("ordering", withSource(orderingSource, { type: "string", enum: ["-created", "created"] }), "Sort order."),
  ];
}

const NOT_EXCLUDED = inferred("\"you can choose to exclude either Blocket or Bytbil by passing exclude_bytbil=true or exclude_blocket=true\": not passing one excludes nothing.");

export function bumpParams(source: Source = DOC_BUMP_EXCLUDE): JsonObject[] {
  return [
    query("exclude_bytbil", sourced({ type: "boolean", default: false }, { type: source, default: NOT_EXCLUDED }), "Registered vehicles: renew on Blocket only."),
    query("exclude_blocket", sourced({ type: "boolean", default: false }, { type: source, default: NOT_EXCLUDED }), "Registered vehicles: renew on Bytbil only."),
  ];
}

const json = (schema: JsonObject): JsonObject => ({ content: { "application/json": { schema } } });

/** The documented error responses; 404 only where a path names a resource. */
export function errorResponses(withNotFound: boolean, withValidation: boolean): Record<string, JsonObject> {
  return {
    ...(withValidation
      ? { "400": { description: "Validation error: field errors (possibly nested) or non-field errors.", ...json(sourced({ oneOf: [ref("FieldErrors"), ref("NonFieldErrors")] }, { oneOf: DOC_FIELD_ERRORS })) } }
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
