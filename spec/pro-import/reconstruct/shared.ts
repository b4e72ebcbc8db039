/** Component schemas shared by every vehicle type and by V3. Every constraint carries its source (see sources.ts). */
import { nullable, ref, type JsonObject } from "../../reconstruct/json.js";
import {
  DOC_AD_ID, DOC_API_VERSION, DOC_AUTH_ERROR, DOC_ATTRIBUTE_VALUES, DOC_ATTRIBUTES, DOC_BLOCKET_AD_ID, DOC_BODY,
  DOC_CATEGORY_ID, DOC_CONTACT, DOC_CONTACT_NAME, DOC_COORDINATES, DOC_DEALER_CODE, DOC_DONT_PUBLISH, DOC_EMAIL,
  DOC_EXTERNAL_MESSAGE, DOC_FIELD_ERRORS, DOC_IMAGE_REFS, DOC_IMAGE_URLS, DOC_LKF, LKF_REGISTERED, LEASING_REGISTERED, DOC_PRICE_TABLE, DOC_RESPONSE_OBJECT, DOC_LOG_OBJECTS, DOC_IMAGE_REFS_LIST, DOC_ERROR_OBJECT,
  DOC_LOCATION, DOC_LOG_ACTIONS, DOC_LOG_FIELDS, DOC_LOG_STATES, DOC_NON_FIELD_ERRORS, DOC_OFFER_ID, DOC_PHONE,
  DOC_PRICE, DOC_PRICE_TYPES, DOC_PRODUCT_DECLARATION, DOC_REQUEST_ID,  DOC_SOURCE_ID, DOC_STATE,
  DOC_TIMESTAMPS, DOC_URL, DOC_V3_CONTACT, DOC_V3_CONTACT_NAME, DOC_V3_EMAIL, DOC_V3_PHONE, DOC_VIDEO_URL,
  DOC_VISIBLE, DOC_ZIPCODE, DRF_BLANK, DRF_EMAIL, DRF_EXTRA_FIELDS, DRF_PAGE, DRF_TYPES, DRF_URL, inferred,
  reconstructed, RESPONSE_SHAPE, sourced, V3_FIELD_TABLE, V4_FIELD_TABLE, withSource, type NodeSources, type Source,
  object,
} from "./sources.js";

export const DATETIME_FILTER_PATTERN = "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$";

export const AD_ACTIONS = ["create", "update", "bump", "boost", "handle_media", "publish", "delete", "unpublish"];
export const LOG_STATES = ["processing", "done", "error"];

/** A property that must not be sent (`title` on a registered vehicle): `not: {}` accepts nothing. */
export function forbidden(source: Source, description: string): JsonObject {
  return sourced({ not: {}, description }, { not: source });
}


const AMOUNT_TYPE = inferred("The documents' examples send whole numbers (`\"amount\": 7000`); the type is not stated, so any number is accepted.");
const WHOLE_AMOUNT = reconstructed("The examples send whole kronor; the documentation does not say that decimals are refused, so the reconstruction only warns about them.");
const NON_NEGATIVE = reconstructed("The documentation states no bounds; a negative price makes no sense, so the reconstruction warns about one.");
const PRICE_PARTS = inferred("The documentation shows a price as {type, amount, currency}; a price without its type or amount cannot be read, so both are presumably required.");
const CURRENCY = inferred("The documents' example sends `\"currency\": \"SEK\"`; no other value and no default are described.");

/** `leasing` is not for non-registered types: `{ not: { const: "leasing" } }` beside the enum, with its own source. */
function price(types: string[], typesSource: Source, description: string, noLeasing?: Source): JsonObject {
  const type = sourced(
    { type: "string", enum: types, description: "`list` regular list price; `reduced` reduced/sale price (not allowed on POST, only on PUT/PATCH); `leasing` leasing price (only supported by registered vehicle categories)." },
    { "*": DOC_PRICE_TYPES, enum: typesSource },
  );
  return object({
    description,
    source: DOC_PRICE,
    properties: {
      type: noLeasing === undefined ? type : sourced({ ...type, not: withSource(noLeasing, { const: "leasing" }) }, { not: noLeasing }),
      amount: sourced({ type: "number", minimum: 0, multipleOf: 1, description: "Amount; the documents' examples send whole kronor." }, { type: AMOUNT_TYPE, minimum: NON_NEGATIVE, multipleOf: WHOLE_AMOUNT }),
      currency: withSource(CURRENCY, { type: "string", description: "Currency code; the documents' example sends `SEK` (no default is documented)." }),
    },
    required: { type: PRICE_PARTS, amount: PRICE_PARTS },
    closed: DRF_EXTRA_FIELDS,
  });
}

const COORDINATE_TYPE = inferred("The location table gives latitude and longitude as `string` while its example sends numbers; both are accepted.");
const DECIMAL = inferred("\"Decimal coordinates\": a string coordinate is presumably a decimal number such as `59.53`.");
const ONE_LOCATION = inferred("\"There are three alternatives for setting ad location\": sending two at once (or none in an object) is not described; the reconstruction expects exactly one.");

function coordinate(description: string): JsonObject {
  return sourced({ type: ["number", "string"], pattern: "^-?[0-9]+(\\.[0-9]+)?$", description }, { type: COORDINATE_TYPE, pattern: DECIMAL });
}

const locationCoordinates = object({
  description: "Decimal coordinates. \"Both must be provided together. Works for all categories.\"",
  source: DOC_LOCATION,
  properties: { latitude: coordinate("Decimal latitude."), longitude: coordinate("Decimal longitude.") },
  required: { latitude: DOC_COORDINATES, longitude: DOC_COORDINATES },
  closed: DRF_EXTRA_FIELDS,
});
const locationZipcode = object({
  description: "\"Zip/postal code without spaces. Works for all categories.\"",
  source: DOC_LOCATION,
  properties: {
    zipcode: sourced({ type: "string", minLength: 1, pattern: "^\\S*$", description: "Postal code without spaces (e.g. `11122`)." }, { "*": DOC_ZIPCODE, minLength: DRF_BLANK }),
  },
  required: { zipcode: DOC_ZIPCODE },
  closed: DRF_EXTRA_FIELDS,
});
const locationLkf = object({
  description: "\"Swedish area code (LKF) ... Only works for non-registered vehicle categories (boats, agriculture, etc.).\"",
  source: DOC_LOCATION,
  properties: {
    lkf: withSource(DOC_LKF, { type: "string", pattern: "^([0-9]{4}|[0-9]{6})$", description: "Four-digit LK or six-digit LKF code (e.g. `0380`, `038004`)." }),
  },
  required: { lkf: DOC_LKF },
  closed: DRF_EXTRA_FIELDS,
});

const paginated = (item: string): JsonObject =>
  object({
    description: "Limit/offset page (Django REST Framework, inferred from the `limit`/`offset` parameters).",
    source: DRF_PAGE,
    properties: {
      count: sourced({ type: "integer", minimum: 0, example: 123 }, { "*": DRF_PAGE }),
      next: { ...nullable(withSource(DRF_PAGE, { type: "string", format: "uri" })), example: "https://api.blocket.se/pro-import-api/v4/ad?limit=100&offset=100" },
      previous: nullable(withSource(DRF_PAGE, { type: "string", format: "uri" })),
      results: withSource(DRF_PAGE, { type: "array", items: ref(item) }),
    },
    required: { count: DRF_PAGE, results: DRF_PAGE },
  });

/** A response property documented in the V4 field table. */
const field = (source: Source, schema: JsonObject): JsonObject => withSource(source, schema);
const RESPONSE_URL = inferred("A URL as the client sent it; the documents do not say the server reformats it.");

/**
 * Response fields every ad has, V3 and V4 alike. `categoryFields` and `extra` let the typed and V3 ads reuse it.
 * `registered`: `true` for registered vehicle types (no contact; `offer_id`), `false` for the others (contact
 * required on create, so always there), `"either"` for the generic and V3 ads.
 */
export function adResponseSchema(description: string, categoryFields: JsonObject, registered: boolean | "either", extra: Record<string, JsonObject> = {}): JsonObject {
  const properties: Record<string, JsonObject> = {
    id: field(DOC_AD_ID, { type: "string", format: "uuid", readOnly: true, description: "Internal ad ID." }),
    source_id: field(DOC_SOURCE_ID, { type: "string", description: "Client's reference ID." }),
    dealer_code: field(DOC_DEALER_CODE, { type: "string", description: "The dealer the ad belongs to." }),
    category_id: field(DOC_CATEGORY_ID, { type: "integer", description: "Category id." }),
    state: sourced({ type: "string", enum: ["created", "deleted"], readOnly: true, description: "Ad state: `created` or `deleted`; updated asynchronously (DELETE answers with `created`)." }, { "*": DOC_STATE }),
    title: field(V4_FIELD_TABLE("title | string | Both | Depends"), { type: "string", description: registered === true ? "Generated by the API for registered vehicles." : "Ad title." }),
    body: nullable(field(DOC_BODY, { type: "string", description: "Ad body text." })),
    visible: field(DOC_VISIBLE, { type: "boolean", description: "Whether the ad is published on marketplaces." }),
    // The prices a typed ad can have are those its updates accept, so an ad read back can be sent again.
    price: field(DOC_PRICE, { type: "array", items: ref(registered === "either" ? "Price" : registered ? "RegisteredUpdatePrice" : "UpdatePrice") }),
    url: nullable(sourced({ type: "string", format: "uri" }, { type: DOC_URL, format: RESPONSE_URL })),
    video_url: nullable(sourced({ type: "string", format: "uri" }, { type: DOC_VIDEO_URL, format: RESPONSE_URL })),
    location: { ...nullable(ref("Location")), description: "`null` when the dealer's address is used." },
    ...(registered === true ? {} : { contact: registered === false ? ref("Contact") : nullable(ref("Contact")) }),
    category_fields: categoryFields,
    dont_publish_on_failed_images: field(DOC_DONT_PUBLISH, { type: "boolean" }),
    product_declaration: nullable(sourced({ type: "string", format: "uri" }, { type: DOC_PRODUCT_DECLARATION, format: RESPONSE_URL })),
    image_refs: field(DOC_IMAGE_REFS_LIST, { type: "array", items: ref("ImageRef"), readOnly: true, description: "Processed image references." }),
    blocket_ad_id: { ...nullable(field(DOC_BLOCKET_AD_ID, { type: "string" })), readOnly: true, description: "Blocket marketplace ad ID. Assigned asynchronously after publish (`null` until then)." },
    ...(registered === false ? {} : { offer_id: { ...nullable(field(DOC_OFFER_ID, { type: "string" })), readOnly: true, description: "Bytbil/Offer API ID. Only present for registered vehicle categories." } }),
    api_version: sourced({ type: "string", enum: ["v3", "v4"], readOnly: true, description: "API version used to create the ad." }, { "*": DOC_API_VERSION }),
    created: field(DOC_TIMESTAMPS, { type: "string", format: "date-time", readOnly: true }),
    updated: field(DOC_TIMESTAMPS, { type: "string", format: "date-time", readOnly: true }),
    log: field(DOC_LOG_OBJECTS, { type: "array", items: ref("LogEntry"), readOnly: true, description: "Action log: on single-ad GET the last 100 entries; on lists only with `include=log`." }),
    ...extra,
  };
  const required = ["id", "source_id", "category_id", "state", "api_version", "created", "updated"];
  return object({ description, source: DOC_RESPONSE_OBJECT, properties, required: Object.fromEntries(required.map((k) => [k, RESPONSE_SHAPE])) });
}

/** The read-only fields of every ad response: a request body may carry them (read back with GET); the server ignores them. */
export const READ_ONLY_RESPONSE_FIELDS = ["id", "state", "image_refs", "blocket_ad_id", "offer_id", "api_version", "created", "updated", "log"];

const LIST_ENTRY = inferred("The documents show each entry of these lists as a JSON object with `id` and `name` (their examples); the sentence names the members, not the type.");
const ERROR_DETAIL_OBJECT = inferred("The documents show the 401 body as the JSON object `{\"detail\": \"Invalid token: <error details>\"}` (their example); no sentence states its type.");
const RESPONSE_ONLY = inferred("The documents list these fields only as returned; how the server reports them is not described beyond the field table.");

export function sharedSchemas(): Record<string, JsonObject> {
  return {
    CreatePrice: price(["list", "leasing"], DOC_PRICE_TYPES, "Price on create for non-registered vehicles: `reduced` is not allowed on POST and `leasing` only supported by registered vehicles.", LEASING_REGISTERED),
    RegisteredCreatePrice: price(["list", "leasing"], DOC_PRICE_TYPES, "Price on create for registered vehicles (`reduced` is not allowed on POST)."),
    UpdatePrice: price(["list", "reduced", "leasing"], DOC_PRICE_TABLE, "Price on PUT/PATCH for non-registered vehicles (`leasing` only supported by registered vehicles).", LEASING_REGISTERED),
    RegisteredUpdatePrice: price(["list", "reduced", "leasing"], DOC_PRICE_TABLE, "Price on PUT/PATCH for registered vehicles."),
    Price: sourced(
      { ...price(["list", "reduced", "leasing"], DOC_PRICE_TABLE, "Price as stored and returned."), additionalProperties: true },
      { additionalProperties: DOC_PRICE },
    ),
    V3Price: price(
      ["list", "leasing"],
      inferred("The V3 edition mentions only list prices (its example) and \"For registered vehicles, you can choose to send in price as leasing.\"; a `reduced` price is not described for V3."),
      "V3 price: \"For registered vehicles, you can choose to send in price as leasing.\"",
    ),
    LocationCoordinates: locationCoordinates,
    LocationZipcode: locationZipcode,
    LocationLkf: locationLkf,
    Location: sourced(
      {
        description: "\"There are three alternatives for setting ad location\": latitude + longitude, zipcode, or lkf. Omitted or null: the dealer's address is used.",
        oneOf: [ref("LocationCoordinates"), ref("LocationZipcode"), ref("LocationLkf")],
      },
      { oneOf: ONE_LOCATION },
    ),
    RegisteredLocation: sourced(
      {
        type: "object",
        description: "Location for registered vehicles: lkf is \"not supported for registered vehicles (car, motorcycle, etc.)\".",
        properties: { lkf: forbidden(LKF_REGISTERED, "Not supported for registered vehicles (the documents do not say the server refuses it).") },
        oneOf: [ref("LocationCoordinates"), ref("LocationZipcode")],
      },
      { type: DOC_LOCATION, oneOf: ONE_LOCATION },
    ),
    Contact: object({
      description: "Contact information; overrides store information. \"Required for: boat, truck, bus, construction, and agriculture categories. Must not be sent for\" registered vehicles.",
      source: DOC_CONTACT,
      properties: {
        name: nullable(withSource(DOC_CONTACT_NAME, { type: "string", description: "Seller's name." })),
        phone: nullable(withSource(DOC_PHONE, { type: "string", pattern: "^\\+?[0-9]+$", minLength: 8, maxLength: 16, description: "\"Phone number (digits only, optionally prefixed with +, 8-16 characters)\"." })),
        email: sourced({ type: "string", format: "email", description: "Email address." }, { "*": DOC_EMAIL, format: DRF_EMAIL }),
      },
      required: { email: DOC_EMAIL },
      closed: DRF_EXTRA_FIELDS,
    }),
    V3Contact: object({
      description: "V3 contact: name, phone and email are all required. \"Contact is not relevant for registered vehicles.\"",
      source: DOC_V3_CONTACT,
      properties: {
        name: withSource(DOC_V3_CONTACT_NAME, { type: "string", description: "Seller's name." }),
        phone: withSource(DOC_V3_PHONE, { type: "string", pattern: "^[0-9]+$", description: "Phone number (only digits)." }),
        email: sourced({ type: "string", format: "email", description: "Email address." }, { "*": DOC_V3_EMAIL, format: DRF_EMAIL }),
      },
      required: { name: DOC_V3_CONTACT_NAME, phone: DOC_V3_PHONE, email: DOC_V3_EMAIL },
      closed: DRF_EXTRA_FIELDS,
    }),
    ImageRef: object({
      source: DOC_IMAGE_REFS,
      properties: {
        url: sourced({ type: "string", format: "uri", description: "Original URL." }, { type: DOC_IMAGE_REFS, format: RESPONSE_URL }),
        cdn_url: sourced({ type: "string", format: "uri", description: "CDN URL where the image is served." }, { type: DOC_IMAGE_REFS, format: RESPONSE_ONLY }),
        id: withSource(DOC_IMAGE_REFS, { type: "string", description: "Internal image reference ID." }),
        checksum: withSource(DOC_IMAGE_REFS, { type: "string", description: "Checksum; images with a known checksum are reused." }),
      },
      required: { url: DOC_IMAGE_REFS, cdn_url: DOC_IMAGE_REFS, id: DOC_IMAGE_REFS, checksum: DOC_IMAGE_REFS },
    }),
    LogEntry: object({
      source: DOC_LOG_OBJECTS,
      properties: {
        request_id: withSource(DOC_REQUEST_ID, { type: "string", format: "uuid", description: "Groups all actions performed during a single API request." }),
        created: withSource(DOC_LOG_FIELDS, { type: "string", format: "date-time", description: "Timestamp when the log entry was created." }),
        action: withSource(DOC_LOG_ACTIONS, { type: "string", enum: AD_ACTIONS, description: "Ad action (`boost` is Pole Position)." }),
        state: withSource(DOC_LOG_STATES, { type: "string", enum: LOG_STATES, description: "Every action starts `processing` and ends `done` or `error`." }),
        external_message: sourced(
          { oneOf: [withSource(DOC_EXTERNAL_MESSAGE, { type: "string" }), withSource(DOC_EXTERNAL_MESSAGE, { type: "object", additionalProperties: true })], description: "Human-readable status message or error details." },
          { oneOf: DOC_EXTERNAL_MESSAGE },
        ),
      },
      required: Object.fromEntries(["request_id", "created", "action", "state", "external_message"].map((k) => [k, DOC_LOG_FIELDS])),
    }),
    PaginatedLogEntryList: paginated("LogEntry"),
    Ad: adResponseSchema(
      "An ad of any category and API version, as the generic `/v4/ad` endpoints return it.",
      withSource(V4_FIELD_TABLE("category_fields | object | Both | Yes"), { type: "object", additionalProperties: true, description: "Category fields; the shape depends on the category." }),
      "either",
    ),
    PaginatedAdList: paginated("Ad"),
    Attribute: object({
      source: LIST_ENTRY,
      properties: {
        id: withSource(DOC_ATTRIBUTES, { type: "string", description: "Attribute id; dotted for nested fields (`powertrain.fuel`)." }),
        name: withSource(DOC_ATTRIBUTES, { type: "string" }),
      },
      required: { id: DOC_ATTRIBUTES, name: DOC_ATTRIBUTES },
    }),
    AttributeValue: object({
      source: LIST_ENTRY,
      properties: {
        id: withSource(DOC_ATTRIBUTE_VALUES, { type: "string", description: "The value to send (slug)." }),
        name: withSource(DOC_ATTRIBUTE_VALUES, { type: "string" }),
      },
      required: { id: DOC_ATTRIBUTE_VALUES, name: DOC_ATTRIBUTE_VALUES },
    }),
    FieldErrors: sourced({
      type: "object",
      description: "Validation errors per field: each value is an array of messages or, for nested objects such as `category_fields`, the nested errors. List fields report one object per item (DRF behaviour, inferred).",
      additionalProperties: withSource(DOC_FIELD_ERRORS, {
        oneOf: [withSource(DOC_FIELD_ERRORS, { type: "array", items: { anyOf: [withSource(DOC_FIELD_ERRORS, { type: "string" }), ref("FieldErrors")] } }), ref("FieldErrors")],
      }),
      example: { category_fields: { registration_number: ["This field is required."], brand: ["\"invalid_brand\" is not a valid choice."] } },
    }, { "*": DOC_FIELD_ERRORS, type: DOC_ERROR_OBJECT }),
    NonFieldErrors: withSource(DOC_NON_FIELD_ERRORS, {
      type: "array",
      items: withSource(DOC_NON_FIELD_ERRORS, { type: "string" }),
      description: "Non-field errors (business logic violations).",
      example: ["Ad has been deleted, cannot update"],
    }),
    ErrorDetail: object({
      source: ERROR_DETAIL_OBJECT,
      properties: { detail: withSource(DOC_AUTH_ERROR, { type: "string" }) },
      required: { detail: DOC_AUTH_ERROR },
    }),
  };
}

const VIDEO_HOST = reconstructed(
  "\"URL to Youtube or Vimeo video\": the reconstruction warns when the host is neither YouTube nor Vimeo; it does not check the path (watch, short, embed, channel and showcase links all exist).",
);
export const VIDEO_URL_PATTERN = "^[Hh][Tt][Tt][Pp][Ss]?://([A-Za-z0-9-]+\\.)*([Yy][Oo][Uu][Tt][Uu]\\.[Bb][Ee]|[Yy][Oo][Uu][Tt][Uu][Bb][Ee](-[Nn][Oo][Cc][Oo][Oo][Kk][Ii][Ee])?\\.[Cc][Oo][Mm]|[Vv][Ii][Mm][Ee][Oo]\\.[Cc][Oo][Mm])([/?#:].*)?$";

/** An optional request field: it also accepts `null`, which clears it on an update ("To clear a field, explicitly set it to null"). */
function clearable(schema: JsonObject): JsonObject {
  const { description, ...rest } = schema;
  return { ...nullable(rest), ...(description === undefined ? {} : { description }) };
}

/** Properties the typed and V3 request bodies share; each rule's description quotes the docs. */
export const COMMON_REQUEST_PROPERTIES: Record<string, JsonObject> = {
  dealer_code: withSource(DOC_DEALER_CODE, { type: "string", description: "\"Required if auth scope is dealer_group, not needed if auth scope is dealer_code.\" PUT/PATCH read it from the stored ad." }),
  body: clearable(withSource(DOC_BODY, { type: "string", description: "Ad body text." })),
  visible: withSource(DOC_VISIBLE, { type: "boolean", default: true, description: "\"Default=true. Set to false to prevent the ad from being published on marketplaces.\"" }),
  image_urls: clearable(
    withSource(DOC_IMAGE_URLS, {
      type: "array",
      items: sourced({ type: "string", format: "uri" }, { type: DOC_IMAGE_URLS, format: DRF_URL }),
      description:
        "Image URLs, in display order; every update must send the complete list, which replaces the previous one. \"Accepted formats are JPG and PNG\": that is the format of the image, which the server finds out when it downloads it (an error in the `handle_media` log), not something the URL must show.",
    }),
  ),
  url: clearable(sourced({ type: "string", format: "uri", description: "URL to page at the seller's website with more info about the ad." }, { type: DOC_URL, format: DRF_URL })),
  video_url: clearable(
    sourced({ type: "string", format: "uri", pattern: VIDEO_URL_PATTERN, description: "\"URL to Youtube or Vimeo video that is shown on the ad page.\"" }, { type: DOC_VIDEO_URL, format: DRF_URL, pattern: VIDEO_HOST }),
  ),
  dont_publish_on_failed_images: withSource(DOC_DONT_PUBLISH, { type: "boolean", default: false, description: "\"Default=false. Set to true if you don't want to publish the ad if any of the images have an error.\"" }),
  product_declaration: clearable(sourced({ type: "string", format: "uri", description: "URL to a hosted \"varudeklaration\" in PDF format." }, { type: DOC_PRODUCT_DECLARATION, format: DRF_URL })),
};

export const SOURCE_ID_PROPERTY: JsonObject = sourced(
  {
    type: "string",
    minLength: 1,
    description: "Client's reference ID, unique per dealer (a UUID is recommended). \"Once a source_id has been used for a dealer, it cannot be reused, even after the ad is deleted.\"",
  },
  { "*": DOC_SOURCE_ID, minLength: DRF_BLANK },
);

export { DRF_TYPES, V3_FIELD_TABLE };
