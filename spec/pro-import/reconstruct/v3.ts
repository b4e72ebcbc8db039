/** The legacy V3 API (`/v3/ad`, `/v3/vehicle/*`): one schema covers every marketplace category. */
import { registeredCategoryIds } from "./config.js";
import { nullable, ref, type JsonObject } from "./json.js";
import {
  bumpParams, errorResponses, jsonBody, logParams, ok, query, SOURCE_ID_PARAM, v3ListParams,
} from "./operations.js";
import { adResponseSchema, COMMON_REQUEST_PROPERTIES, SOURCE_ID_PROPERTY } from "./shared.js";

/** Every category id of the V3 edition's category table (vehicles, home, personal, electronics, leisure, business, other). */
export const V3_CATEGORY_IDS = [
  1020, 1021, 1041, 1042, 1043, 1044, 1045, 1046, 1047, 1061, 1062, 1063, 1064, 1065, 1066, 1067, 1081, 1082, 1083, 1084,
  1085, 1101, 1102, 1103, 1121, 1122, 1123, 1140, 1143, 1161, 1162, 1163, 1164, 1180, 1200, 1221, 1222, 1223, 1224, 1225,
  1226, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2041, 2042, 2043, 2044, 2045, 2046, 2047, 2048, 2049, 2050, 2061,
  2062, 2063, 2064, 2065, 2066, 4020, 4041, 4042, 4043, 4044, 4045, 4061, 4062, 4063, 4064, 4080, 5021, 5022, 5023, 5024,
  5025, 5026, 5027, 5041, 5042, 5043, 5044, 5045, 5046, 5047, 5061, 5062, 6021, 6022, 6023, 6025, 6026, 6031, 6032, 6034,
  6035, 6040, 6061, 6062, 6063, 6064, 6065, 6066, 6067, 6081, 6082, 6083, 6084, 6085, 6086, 6087, 6088, 6089, 6090, 6101,
  6102, 6103, 6104, 6105, 6106, 6107, 6121, 6122, 6123, 6124, 6125, 6126, 6127, 6141, 6142, 6143, 6161, 6162, 6163, 6164,
  6165, 6166, 6167, 6181, 6182, 6183, 6184, 6185, 6186, 6187, 7021, 7022, 7023, 7024, 7025, 7041, 7042, 7043, 7044, 7045,
  7046, 7047, 7061, 7062, 7063, 7064, 7066, 8020, 8040,
];

type Mode = "create" | "update" | "patch";

/**
 * One schema covers all categories, so the per-category rules cannot be plain `required` lists. They are stated in
 * the description and, machine-readably, in `x-rules` (registered ids from api.config.json's registered resources).
 */
function v3Request(mode: Mode): JsonObject {
  const registered = registeredCategoryIds();
  const c = COMMON_REQUEST_PROPERTIES;
  const properties: Record<string, JsonObject> = {
    ...(mode === "create" ? { source_id: SOURCE_ID_PROPERTY } : {}),
    dealer_code: c["dealer_code"] ?? {},
    category_id: { type: "integer", enum: V3_CATEGORY_IDS, description: "Category id from the V3 category table (4020 and 4080 are listed as not yet supported)." },
    title: { type: "string", description: "Ad title. \"Yes (except for registered vehicle categories)\"." },
    body: c["body"] ?? {},
    price: { type: "array", items: ref("V3Price"), description: "Prices, e.g. `[{\"type\": \"list\", \"amount\": 7000}]`." },
    image_urls: { ...(c["image_urls"] ?? {}), maxItems: 38, description: "\"Accepted formats are JPG and PNG and you can send maximum 38 image URLs.\"" },
    url: c["url"] ?? {},
    url_title: { type: "string", deprecated: true, description: "\"Deprecated and no longer used.\"" },
    video_url: c["video_url"] ?? {},
    location: { ...nullable(ref("Location")), description: "zipcode, lkf or coordinates; leave out or null." },
    contact: ref("V3Contact"),
    category_fields: { type: "object", additionalProperties: true, description: "Category specific fields (registration number, sales person, ...); required for registered vehicles." },
    dont_publish_on_failed_images: c["dont_publish_on_failed_images"] ?? {},
    product_declaration: c["product_declaration"] ?? {},
  };
  const required = mode === "patch" ? [] : [...(mode === "create" ? ["source_id"] : []), "category_id", "body", "price"];
  return {
    type: "object",
    description:
      `V3 ad body (${mode === "create" ? "POST /v3/ad and /v3/ad/validate" : mode === "update" ? "PUT, source_id in the path" : "PATCH, nothing required"}). ` +
      "`title` and `contact` are required except for registered vehicle categories; `category_fields` is required for registered vehicles. See `x-rules`.",
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
    "x-rules": {
      registeredCategoryIds: registered,
      requiredUnlessRegistered: mode === "patch" ? [] : ["title", "contact"],
      requiredIfRegistered: mode === "patch" ? [] : ["category_fields"],
    },
  };
}

export const V3_EXAMPLE: JsonObject = {
  source_id: "8f7f7a52-2b0c-4d3e-9a51-6c1d3e0b3001",
  category_id: 2043,
  title: "Matbord i ek med sex stolar",
  body: "Massivt ekbord 180 x 90 cm med sex stolar. Hämtas i Stockholm.",
  price: [{ type: "list", amount: 7000 }],
  image_urls: ["https://cdn.example.com/v3/matbord-1.jpg", "https://cdn.example.com/v3/matbord-2.jpg"],
  location: { zipcode: "11122" },
  contact: { name: "Anna Svensson", phone: "0701234567", email: "anna.svensson@example.com" },
  dont_publish_on_failed_images: false,
};

/** PUT takes the same body without `source_id`, which is in the path. */
const { source_id: _sourceId, ...V3_UPDATE_EXAMPLE } = V3_EXAMPLE;

export function v3Schemas(): Record<string, JsonObject> {
  return {
    V3AdRequest: v3Request("create"),
    V3AdUpdateRequest: v3Request("update"),
    PatchedV3AdRequest: v3Request("patch"),
    V3Ad: adResponseSchema("A V3 ad.", { type: "object", additionalProperties: true }, "either", {
      blocket_store_id: { ...nullable({ type: "string" }), readOnly: true, description: "Store ID on Blocket." },
      url_title: { type: "string", deprecated: true },
    }),
    PaginatedV3AdList: {
      type: "object",
      properties: {
        count: { type: "integer", minimum: 0 },
        next: nullable({ type: "string", format: "uri" }),
        previous: nullable({ type: "string", format: "uri" }),
        results: { type: "array", items: ref("V3Ad") },
      },
      required: ["count", "results"],
    },
  };
}

export function v3Paths(): Record<string, Record<string, JsonObject>> {
  const tags = ["v3"];
  const item = "/v3/ad/{source_id}";
  const values = (id: string, summary: string, params: JsonObject[] = []): Record<string, JsonObject> => ({
    get: {
      operationId: id, tags, summary, description: `${summary} (values as \`{id, name}\`, shape inferred from the V4 attribute endpoints).`,
      ...(params.length > 0 ? { parameters: params } : {}),
      responses: { ...ok("200", "The values.", { type: "array", items: ref("AttributeValue") }), ...errorResponses(false, true) },
    },
  });
  return {
    "/v3/ad": {
      get: { operationId: "v3_ad_list", tags, summary: "List ads", parameters: v3ListParams(), responses: { ...ok("200", "A page of ads.", ref("PaginatedV3AdList")), ...errorResponses(false, true) } },
      post: { operationId: "v3_ad_create", tags, summary: "Create an ad", description: "Create an ad (asynchronous).", requestBody: jsonBody("V3AdRequest", V3_EXAMPLE), responses: { ...ok("201", "Created and queued for processing.", ref("V3Ad")), ...errorResponses(false, true) } },
    },
    "/v3/ad/validate": {
      post: { operationId: "v3_ad_validate_create", tags, summary: "Validate payload without saving", requestBody: jsonBody("V3AdRequest", V3_EXAMPLE), responses: { ...ok("200", "Valid; nothing saved (response body inferred: the validated payload).", ref("V3AdRequest")), ...errorResponses(false, true) } },
    },
    [item]: {
      get: { operationId: "v3_ad_retrieve", tags, summary: "Get specific ad", parameters: [SOURCE_ID_PARAM], responses: { ...ok("200", "The ad with its last 100 log entries.", ref("V3Ad")), ...errorResponses(true, false) } },
      put: { operationId: "v3_ad_update", tags, summary: "Update an ad", description: "Same signature as creation except source_id, which is in the path. Can revive a deleted ad in unregistered categories.", parameters: [SOURCE_ID_PARAM], requestBody: jsonBody("V3AdUpdateRequest", V3_UPDATE_EXAMPLE), responses: { ...ok("200", "Update queued.", ref("V3Ad")), ...errorResponses(true, true) } },
      patch: { operationId: "v3_ad_partial_update", tags, summary: "Update part of an ad", parameters: [SOURCE_ID_PARAM], requestBody: { ...jsonBody("PatchedV3AdRequest"), required: false }, responses: { ...ok("200", "Update queued.", ref("V3Ad")), ...errorResponses(true, true) } },
      delete: { operationId: "v3_ad_destroy", tags, summary: "Delete an ad", parameters: [SOURCE_ID_PARAM], responses: { ...ok("200", "Deletion queued.", ref("V3Ad")), ...errorResponses(true, true) } },
    },
    [`${item}/log`]: {
      get: { operationId: "v3_ad_log_list", tags, summary: "Get ad logs", parameters: [SOURCE_ID_PARAM, ...logParams("v3")], responses: { ...ok("200", "A page of log entries.", ref("PaginatedLogEntryList")), ...errorResponses(true, true) } },
    },
    [`${item}/bump`]: {
      get: { operationId: "v3_ad_bump_retrieve", tags, summary: "Renew an ad", description: "Renewal (charges apply); registered vehicles may exclude Bytbil or Blocket.", parameters: [SOURCE_ID_PARAM, ...bumpParams()], responses: { ...ok("200", "Renewal queued (response body inferred: the ad).", ref("V3Ad")), ...errorResponses(true, true) } },
    },
    [`${item}/pole_position`]: {
      get: { operationId: "v3_ad_pole_position_retrieve", tags, summary: "Set pole position on an ad", description: "Pole Position for 3 days (charges apply); ads on pole position cannot be bumped.", parameters: [SOURCE_ID_PARAM], responses: { ...ok("200", "Queued (response body inferred: the ad).", ref("V3Ad")), ...errorResponses(true, true) } },
    },
    "/v3/vehicle/brands": values("v3_vehicle_brands_list", "Brands for registered vehicles"),
    "/v3/vehicle/models": values("v3_vehicle_models_list", "Models of a brand for registered vehicles", [query("brand", { type: "string" }, "Brand.", true)]),
    "/v3/vehicle/body_types": values("v3_vehicle_body_types_list", "Body types for registered vehicles"),
    "/v3/vehicle/fuels": values("v3_vehicle_fuels_list", "Fuels for registered vehicles"),
  };
}
