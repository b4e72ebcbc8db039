/** V4 paths: the generic `/v4/ad` family, the typed family for each vehicle type, and the attribute endpoints. */
import { pascal, resource, snake, VEHICLE_TYPES, type VehicleType } from "./config.js";
import type { JsonObject } from "../../reconstruct/json.js";
import { ref } from "../../reconstruct/json.js";
import {
  bumpParams, errorResponses, jsonBody, logParams, ok, pathParam, query, SOURCE_ID_PARAM, v4ListParams,
} from "./operations.js";
import { DOC_ATTRIBUTE_VALUES, DOC_ATTRIBUTES, DOC_CAR_MODELS, DOC_VEHICLE_TYPES, QUERY_TYPES, withSource, type Source } from "./sources.js";
import type { VehicleTable } from "./table.js";
import { createExample, migrateExample, updateExample } from "./vehicle-schemas.js";

type Paths = Record<string, Record<string, JsonObject>>;

const DESCRIPTIONS = {
  list: "List ads and see progress/result of previous POST/PUT/DELETE operations. Log messages only with `include=log` (the last 100). One result per ad (inferred): the documents' \"Each POST/PUT/DELETE on a certain source_id will appear as an individual entry\" is read as stale V3 wording, since the list's filters (`state` created/deleted, `source_id`) and its fields describe ads; each request's actions are in the ad's log.",
  retrieve: "Look up a specific ad based on source ID. Only includes the last 100 log messages.",
  destroy: "Request to delete an ad (asynchronous, soft delete). The response returns the ad with `state: \"created\"`; it becomes `deleted` once the `delete` action is done.",
  log: "Look up all log messages for an ad (paginated).",
  bump: "Renew the ad: it appears as new, first in the listing. Asynchronous, no body. Charges apply. \"The ad must be visible (visible=true). The dealer must have bump permissions for at least one marketplace.\" For registered vehicles, `exclude_bytbil=true` or `exclude_blocket=true` excludes one marketplace.",
  pole: "Activate Pole Position: the ad appears first in search results for 3 days. Charges apply. The ad must be visible and must not already have an active Pole Position; only for registered vehicle categories (Blocket only).",
  retry: "Re-queue the ad for processing. The documents name no precondition (a deleted ad has nothing to publish; what the server re-queues for it is not described); the response body is inferred.",
};

/** Read-only and action operations shared by `/v4/ad` and every typed path ("also available on the typed endpoints"). */
function sharedOperations(base: string, tag: string, opPrefix: string, adSchema: string, pageSchema: string): Paths {
  const item = `${base}/{source_id}`;
  const common = (id: string, summary: string, description: string): JsonObject => ({ operationId: `${opPrefix}_${id}`, tags: [tag], summary, description });
  return {
    [base]: {
      get: { ...common("list", "List ads", DESCRIPTIONS.list), parameters: v4ListParams(), responses: { ...ok("200", "A page of ads.", ref(pageSchema)), ...errorResponses(false, true) } },
    },
    [item]: {
      get: { ...common("retrieve", "Get specific ad", DESCRIPTIONS.retrieve), parameters: [SOURCE_ID_PARAM], responses: { ...ok("200", "The ad with its last 100 log entries.", ref(adSchema)), ...errorResponses(true, false) } },
      delete: { ...common("destroy", "Delete ad", DESCRIPTIONS.destroy), parameters: [SOURCE_ID_PARAM], responses: { ...ok("200", "Deletion queued; the ad still shows `state: created`.", ref(adSchema)), ...errorResponses(true, true) } },
    },
    [`${item}/log`]: {
      get: { ...common("log_list", "Get ad logs", DESCRIPTIONS.log), parameters: [SOURCE_ID_PARAM, ...logParams("v4")], responses: { ...ok("200", "A page of log entries.", ref("PaginatedLogEntryList")), ...errorResponses(true, true) } },
    },
    [`${item}/bump`]: {
      get: { ...common("bump_retrieve", "Renew an ad", DESCRIPTIONS.bump), parameters: [SOURCE_ID_PARAM, ...bumpParams()], responses: { ...ok("200", "Renewal queued (response body inferred: the ad).", ref(adSchema)), ...errorResponses(true, true) } },
    },
    [`${item}/pole_position`]: {
      get: { ...common("pole_position_retrieve", "Set pole position on an ad", DESCRIPTIONS.pole), parameters: [SOURCE_ID_PARAM], responses: { ...ok("200", "Pole Position queued (response body inferred: the ad).", ref(adSchema)), ...errorResponses(true, true) } },
    },
    [`${item}/retry`]: {
      get: { ...common("retry_retrieve", "Re-queue ad for processing", DESCRIPTIONS.retry), parameters: [SOURCE_ID_PARAM], responses: { ...ok("200", "Re-queued (response body inferred: the ad).", ref(adSchema)), ...errorResponses(true, true) } },
    },
  };
}

export function genericPaths(): Paths {
  return sharedOperations("/v4/ad", "ad", "v4_ad", "Ad", "PaginatedAdList");
}

/** The typed family of one vehicle type: the shared operations plus create, validate, update, patch and migrate. */
export function typedPaths(table: VehicleTable): Paths {
  const type = table.type;
  const P = pascal(type);
  const op = `v4_${snake(type)}`;
  const base = `/v4/${type}`;
  const paths = sharedOperations(base, type, op, `${P}Ad`, `Paginated${P}AdList`);
  const r = resource(type);
  const example = createExample(table);
  const tags = [type];
  const collection = paths[base] ?? {};
  collection["post"] = {
    operationId: `${op}_create`, tags, summary: "Create new ad",
    description: `Create an ad of ${table.label} (category ${r.categoryId}). Asynchronous: poll GET until the log shows \`publish\` \`done\` and \`blocket_ad_id\` is set. \`reduced\` prices are not allowed on POST.`,
    requestBody: jsonBody(`${P}Request`, example),
    responses: { ...ok("201", "Created and queued for processing.", ref(`${P}Ad`)), ...errorResponses(false, true) },
  };
  paths[`${base}/validate`] = {
    post: {
      operationId: `${op}_validate_create`, tags, summary: "Validate payload without saving",
      description: "Validate input data without saving anything.",
      requestBody: jsonBody(`${P}Request`, example),
      responses: { ...ok("200", "The payload is valid; nothing was saved (response body inferred: the validated payload).", ref(`${P}Request`)), ...errorResponses(false, true) },
    },
  };
  const item = paths[`${base}/{source_id}`] ?? {};
  const revive = r.registered
    ? "A deleted ad of a registered vehicle cannot be updated (400 `[\"Ad has been deleted, cannot update\"]`)."
    : "Can revive a deleted ad (non-registered category).";
  const merge = "Deep merge: fields not sent are kept, nested objects such as category_fields merge recursively, `null` clears a nullable field.";
  item["put"] = {
    operationId: `${op}_update`, tags, summary: "Full update",
    description: `Update the ad; it does not appear as new (see bump). ${merge} ${revive}`,
    parameters: [SOURCE_ID_PARAM],
    requestBody: jsonBody(`${P}UpdateRequest`, updateExample(table)),
    responses: { ...ok("200", "Update queued.", ref(`${P}Ad`)), ...errorResponses(true, true) },
  };
  item["patch"] = {
    operationId: `${op}_partial_update`, tags, summary: "Partial update",
    description: `Update part of the ad; same deep-merge behaviour as PUT. ${revive}`,
    parameters: [SOURCE_ID_PARAM],
    requestBody: { ...jsonBody(`Patched${P}UpdateRequest`), required: false },
    responses: { ...ok("200", "Update queued.", ref(`${P}Ad`)), ...errorResponses(true, true) },
  };
  paths[`${base}/{source_id}/migrate`] = {
    post: {
      operationId: `${op}_migrate_create`, tags, summary: "Migrate V3 ad to V4",
      description: `Convert a V3 ad (category ${r.legacyCategoryIds.join(", ")}) in place to category ${r.categoryId}; ad ID, source ID and history are preserved. Requires a complete V4 payload; do not include category_id. A wrong split target cannot be corrected by migration.`,
      parameters: [SOURCE_ID_PARAM],
      requestBody: jsonBody(`${P}MigrateRequest`, migrateExample(table)),
      responses: { ...ok("200", "Migration queued (status code inferred; the ad is not created but converted).", ref(`${P}Ad`)), ...errorResponses(true, true) },
    },
  };
  return paths;
}

const VEHICLE_TYPE_PARAM = pathParam("vehicle_type", "Vehicle type.", withSource(DOC_VEHICLE_TYPES, { type: "string", enum: [...VEHICLE_TYPES] satisfies VehicleType[] }));

export function attributePaths(): Paths {
  const list = (item: string, source: Source): JsonObject => withSource(source, { type: "array", items: ref(item) });
  return {
    "/v4/vehicles/{vehicle_type}/attributes": {
      get: {
        operationId: "v4_vehicles_attributes_list", tags: ["vehicles"], summary: "List available attributes for a vehicle type",
        description: "Queryable attributes of a vehicle type; nested fields have dotted ids (`powertrain.fuel`).",
        parameters: [VEHICLE_TYPE_PARAM],
        responses: { ...ok("200", "The attributes.", list("Attribute", DOC_ATTRIBUTES)), ...errorResponses(true, false) },
      },
    },
    "/v4/vehicles/{vehicle_type}/{attribute}": {
      get: {
        operationId: "v4_vehicles_values_list", tags: ["vehicles"], summary: "Get valid values for an attribute",
        description: "Valid values of an attribute, e.g. `GET /v4/vehicles/boat/brand`.",
        parameters: [VEHICLE_TYPE_PARAM, pathParam("attribute", "Attribute id from the attributes endpoint (e.g. `brand`, `powertrain.fuel`).")],
        responses: { ...ok("200", "The values.", list("AttributeValue", DOC_ATTRIBUTE_VALUES)), ...errorResponses(true, false) },
      },
    },
    "/v4/vehicles/car/models": {
      get: {
        operationId: "v4_vehicles_car_models_list", tags: ["vehicles"], summary: "Car models of a brand",
        description: "For cars, look up the models of a brand.",
        parameters: [query("brand", withSource(QUERY_TYPES, { type: "string" }), "Brand id (e.g. `volvo`).", DOC_CAR_MODELS)],
        responses: { ...ok("200", "The models.", list("AttributeValue", DOC_ATTRIBUTE_VALUES)), ...errorResponses(false, true) },
      },
    },
  };
}
