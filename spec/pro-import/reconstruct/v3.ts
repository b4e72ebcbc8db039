/** The legacy V3 API (`/v3/ad`, `/v3/vehicle/*`): one schema covers every marketplace category. */
import { nullable, ref, type JsonObject } from "../../reconstruct/json.js";
import {
  DOC_V3_BODY, DOC_V3_CATEGORIES, DOC_V3_CATEGORY_FIELDS, DOC_V3_CATEGORY_ID, DOC_V3_IMAGES, DOC_V3_PRICE,
  DOC_V3_SOURCE_ID, DOC_V3_TITLE, DOC_V3_URL_TITLE, DOC_V3_IMAGE_URLS, DOC_REQUEST_FIELDS, DRF_BLANK, DRF_EXTRA_FIELDS, DRF_PAGE, DRF_URL, inferred, object,
  QUERY_TYPES, sourced, withSource, type Source,
} from "./sources.js";
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

const V3_STORE_ID = inferred("The V3 list filters by `blocket_store_id` (\"Store ID on Blocket\"), so V3 ads presumably carry it.");
const V3_VEHICLE_LISTS = inferred("The V3 edition names the /v3/vehicle endpoints without their parameters or answers; the brand parameter and the {id, name} shape follow the V4 attribute endpoints.");

/**
 * V3 categories whose "Category specific fields" column says "Yes" and that are registered vehicles: only these
 * need `category_fields` (the V3 field table: "Yes (except for non-registered vehicles)"). Trailer, caravan,
 * motorhome and moped are "only available as simple ads via the legacy /v3/ad endpoint", so they need none.
 */
export const V3_REGISTERED_WITH_FIELDS = [1020, 1021, 1140, 1143, 1180];
/** The V3 simple ads of V4-only registered categories (trailer, caravan, motorhome, moped). */
export const V3_SIMPLE_REGISTERED = [1045, 1101, 1102, 1121];
/**
 * A-tractors: a category with its own fields ("Category specific fields: Yes") whose registered status neither
 * edition states. Either way the V3 field table requires something: `category_fields` if it is a registered vehicle
 * ("Yes (except for non-registered vehicles)"), else `title` and `contact` ("Yes (except for registered vehicle
 * categories)"). V4 puts it with mopeds, a registered vehicle (inferred), so `category_fields` is expected.
 */
const V3_UNSTATED = [1122];
/** "(not yet supported)" in the V3 category table: no ad can be created there. */
export const V3_NOT_YET_SUPPORTED = [4020, 4080];
const A_TRACTOR_REGISTERED = inferred(
  "A-tractors (1122) have category specific fields and are in the V4 moped endpoint's parent category Mopeds & A-Tractors, and mopeds are registered vehicles (\"Must not be sent for: car, transport, motorcycle, moped, ...\"): an A-tractor is presumably a registered vehicle, whose V3 ads need category_fields; neither edition says so.",
);

const SIMPLE_AD_TITLE = inferred(
  "Trailer, caravan, motorhome and moped \"are only available as simple ads via the legacy /v3/ad endpoint\": a simple ad has no registration data to generate a title from, so it presumably needs a title and contact like any other category.",
);

/**
 * One schema covers all categories, so the per-category rules cannot be plain `required` lists. They are stated in
 * the description and, machine-readably, in `x-rules`: each rule says which fields a category requires, and where
 * that comes from.
 */
function v3Request(mode: Mode): JsonObject {
  const c = COMMON_REQUEST_PROPERTIES;
  const properties: Record<string, JsonObject> = {
    ...(mode === "create" ? { source_id: sourced({ ...SOURCE_ID_PROPERTY }, { "*": DOC_V3_SOURCE_ID, minLength: DRF_BLANK }) } : {}),
    dealer_code: c["dealer_code"] ?? {},
    category_id: sourced(
      { type: "integer", enum: V3_CATEGORY_IDS.filter((id) => !V3_NOT_YET_SUPPORTED.includes(id)), description: "Category id from the V3 category table; 4020 and 4080 are listed there as \"(not yet supported)\" and are refused." },
      { type: DOC_V3_CATEGORY_ID, enum: DOC_V3_CATEGORIES },
    ),
    title: sourced({ type: "string", description: "Ad title. \"Yes (except for registered vehicle categories)\"." }, { "*": DOC_V3_TITLE }),
    body: withSource(DOC_V3_BODY, { type: "string", description: "Ad body text." }),
    price: withSource(DOC_V3_PRICE, { type: "array", items: ref("V3Price"), description: "Prices, e.g. `[{\"type\": \"list\", \"amount\": 7000}]`." }),
    image_urls: sourced(
      { type: "array", items: sourced({ type: "string", format: "uri" }, { type: DOC_V3_IMAGE_URLS, format: DRF_URL }), maxItems: 38, description: "\"Accepted formats are JPG and PNG and you can send maximum 38 image URLs.\"" },
      { "*": DOC_V3_IMAGE_URLS, maxItems: DOC_V3_IMAGES },
    ),
    url: c["url"] ?? {},
    url_title: withSource(DOC_V3_URL_TITLE, { type: "string", deprecated: true, description: "\"Deprecated and no longer used.\"" }),
    video_url: c["video_url"] ?? {},
    location: { ...nullable(ref("Location")), description: "zipcode, lkf or coordinates; leave out or null." },
    contact: ref("V3Contact"),
    category_fields: withSource(DOC_V3_CATEGORY_FIELDS, { type: "object", additionalProperties: true, description: "Category specific fields (registration number, sales person, ...); required for registered vehicles." }),
    dont_publish_on_failed_images: c["dont_publish_on_failed_images"] ?? {},
    product_declaration: c["product_declaration"] ?? {},
  };
  const required: Record<string, Source> =
    mode === "patch"
      ? {}
      : { ...(mode === "create" ? { source_id: DOC_V3_SOURCE_ID } : {}), category_id: DOC_V3_CATEGORY_ID, body: DOC_V3_BODY, price: DOC_V3_PRICE };
  const notExempt = V3_CATEGORY_IDS.filter((id) => ![...V3_REGISTERED_WITH_FIELDS, ...V3_SIMPLE_REGISTERED, ...V3_UNSTATED, ...V3_NOT_YET_SUPPORTED].includes(id));
  // PATCH is a merge patch (api.config.json `mergePatch`): its rules apply to the ad with the patch merged in.
  const rules: JsonObject[] = [
        { rule: "required-for-categories", field: "category_id", categories: notExempt, required: ["title", "contact"], source: DOC_V3_TITLE },
        { rule: "required-for-categories", field: "category_id", categories: V3_SIMPLE_REGISTERED, required: ["title", "contact"], source: SIMPLE_AD_TITLE },
        { rule: "required-for-categories", field: "category_id", categories: V3_REGISTERED_WITH_FIELDS, required: ["category_fields"], source: DOC_V3_CATEGORY_FIELDS },
        // 1122: registered (category_fields) or not (title and contact), the V3 field table requires one of the two.
        { rule: "required-one-of-for-categories", field: "category_id", categories: V3_UNSTATED, alternatives: [["category_fields"], ["title", "contact"]], source: DOC_V3_CATEGORY_FIELDS },
        { rule: "required-for-categories", field: "category_id", categories: V3_UNSTATED, required: ["category_fields"], source: A_TRACTOR_REGISTERED },
      ];
  const schema = object({
    description:
      `V3 ad body (${mode === "create" ? "POST /v3/ad and /v3/ad/validate" : mode === "update" ? "PUT, source_id in the path" : "PATCH: a merge patch, any part of the ad; the rules apply to the ad with the patch merged in"}). ` +
      "`title` and `contact` are required except for registered vehicle categories; `category_fields` is required for registered vehicles with category fields (not for the simple ads of trailer, caravan, motorhome and moped). See `x-rules`.",
    source: DOC_REQUEST_FIELDS,
    properties,
    required,
    closed: DRF_EXTRA_FIELDS,
  });
  return { ...schema, "x-rules": rules };
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
    V3Ad: adResponseSchema("A V3 ad.", withSource(DOC_V3_CATEGORY_FIELDS, { type: "object", additionalProperties: true }), "either", {
      blocket_store_id: { ...nullable(withSource(V3_STORE_ID, { type: "string" })), readOnly: true, description: "Store ID on Blocket." },
      url_title: withSource(DOC_V3_URL_TITLE, { type: "string", deprecated: true }),
    }),
    PaginatedV3AdList: object({
      source: DRF_PAGE,
      properties: {
        count: withSource(DRF_PAGE, { type: "integer", minimum: 0 }),
        next: nullable(withSource(DRF_PAGE, { type: "string", format: "uri" })),
        previous: nullable(withSource(DRF_PAGE, { type: "string", format: "uri" })),
        results: withSource(DRF_PAGE, { type: "array", items: ref("V3Ad") }),
      },
      required: { count: DRF_PAGE, results: DRF_PAGE },
    }),
  };
}

export function v3Paths(): Record<string, Record<string, JsonObject>> {
  const tags = ["v3"];
  const item = "/v3/ad/{source_id}";
  const values = (id: string, summary: string, params: JsonObject[] = []): Record<string, JsonObject> => ({
    get: {
      operationId: id, tags, summary, description: `${summary} (values as \`{id, name}\`, shape inferred from the V4 attribute endpoints).`,
      ...(params.length > 0 ? { parameters: params } : {}),
      responses: { ...ok("200", "The values.", withSource(V3_VEHICLE_LISTS, { type: "array", items: ref("AttributeValue") })), ...errorResponses(false, true) },
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
    "/v3/vehicle/models": values("v3_vehicle_models_list", "Models of a brand for registered vehicles", [query("brand", withSource(QUERY_TYPES, { type: "string" }), "Brand.", V3_VEHICLE_LISTS)]),
    "/v3/vehicle/body_types": values("v3_vehicle_body_types_list", "Body types for registered vehicles"),
    "/v3/vehicle/fuels": values("v3_vehicle_fuels_list", "Fuels for registered vehicles"),
  };
}
