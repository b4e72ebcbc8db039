/**
 * Where each rule of the Pro Import snapshot comes from: the shared source kit (`spec/reconstruct/sources.ts`) typed
 * by this API's two vendored documents, and the sources many constraints share.
 */
import { sourceConstructors, type Source as AnySource, type Sourced as AnySourced } from "../../reconstruct/sources.js";

export { object, sourced, sourcedValue, withSource, type NodeSources } from "../../reconstruct/sources.js";

export const V4_DOC = "blocket-pro-import-api-v4.txt";
export const V3_DOC = "blocket-pro-import-api-v3-early-v4.txt";
export type DocName = typeof V4_DOC | typeof V3_DOC;

export type Source = AnySource<DocName>;
export type Sourced<T> = AnySourced<T, DocName>;
export const { documented, inferred, reconstructed } = sourceConstructors<DocName>();

// ---------------------------------------------------------------------------------------------------------------
// Sources used in many places. Quotes are as the documents say them (whitespace and dashes normalised by the test).

/** The field table of the V4 create endpoint: names, types, required column. */
export const V4_FIELD_TABLE = (row: string): Source => documented(V4_DOC, row);
export const V3_FIELD_TABLE = (row: string): Source => documented(V3_DOC, row);

export const DOC_SOURCE_ID = documented(V4_DOC, "source_id | string | Both | Yes | Client's reference ID.");
export const DOC_DEALER_CODE = documented(V4_DOC, "Required if auth scope is dealer_group, not needed if auth scope is dealer_code.");
export const DOC_CATEGORY_ID = documented(V4_DOC, "category_id | int | Both | Yes | See category_id section");
export const DOC_TITLE = documented(V4_DOC, "Ad title. Required for: boat, truck, bus, construction, and agriculture categories.");
export const DOC_NO_TITLE = documented(
  V4_DOC,
  "Must not be sent for: car, transport, motorcycle, moped, snowmobile, ATV, camper, caravan, and trailer - the title is generated automatically, and including it will return a 400 error.",
);
export const DOC_BODY = documented(V4_DOC, "body | string | Both | No | Ad body text");
export const DOC_VISIBLE = documented(V4_DOC, "Default=true. Set to false to prevent the ad from being published on marketplaces.");
export const DOC_PRICE = documented(V4_DOC, "price | array of objects | Both | No | See price section");
export const DOC_PRICE_TYPES = documented(V4_DOC, "Reduced/sale price (not allowed on POST, only on PUT/PATCH)");
/** "only supported by registered vehicle categories": like lkf's "Not supported", what it says is that it does not work elsewhere. */
export const LEASING_REGISTERED = inferred(
  "\"Leasing price (only supported by registered vehicle categories)\": the documents say leasing works only for registered vehicles, not that the server refuses it for others (it may ignore it); a warning, and strict mode refuses it.",
);
export const DOC_IMAGE_URLS = documented(V4_DOC, "image_urls | array of strings | Request | No | See image_urls section");
export const DOC_URL = documented(V4_DOC, "url | string | Both | No | URL to page at the seller's website with more info about the ad.");
export const DOC_VIDEO_URL = documented(V4_DOC, "video_url | string | Both | No | URL to Youtube or Vimeo video that is shown on the ad page.");
export const DOC_LOCATION = documented(V4_DOC, "location | object | Both | No | See location section.");
export const DOC_LOCATION_NULL = documented(V4_DOC, "If omitted or set to null, the ad's location defaults to your dealer's address configured in Blocket Admin.");
export const DOC_COORDINATES = documented(V4_DOC, "Decimal coordinates. Both must be provided together.");
export const DOC_ZIPCODE = documented(V4_DOC, "Zip/postal code without spaces.");
export const DOC_LKF = documented(V4_DOC, "is a four or six digit area code (LK vs full LKF)");
/**
 * "Not supported for registered vehicles": says lkf does not work for them, not that the server refuses it (it may
 * ignore it, as it ignores fields it does not know).
 */
export const LKF_REGISTERED = inferred(
  "\"Only works for non-registered vehicle categories (boats, agriculture, etc.). Not supported for registered vehicles (car, motorcycle, etc.).\": the documents say lkf does not work for registered vehicles, not that the server refuses it (it may ignore it); a warning, and strict mode refuses it.",
);
export const DOC_CONTACT = documented(V4_DOC, "contact | object | Both | Depends | See contact section. Required for: boat, truck, bus, construction, and agriculture categories.");
export const DOC_NO_CONTACT = documented(
  V4_DOC,
  "Must not be sent for: car, transport, motorcycle, moped, snowmobile, ATV, camper, caravan, and trailer - including it will return a 400 error.",
);
export const DOC_CONTACT_NAME = documented(V4_DOC, "name | string | No | Seller's name");
export const DOC_PHONE = documented(V4_DOC, "Phone number (digits only, optionally prefixed with +, 8-16 characters)");
export const DOC_EMAIL = documented(V4_DOC, "email | string | Yes | Email address");
export const DOC_CATEGORY_FIELDS = documented(V4_DOC, "These fields are required when creating a V4 ad");
export const DOC_DONT_PUBLISH = documented(V4_DOC, "Default=false. Set to true if you don't want to publish the ad if any of the images have an error.");
export const DOC_PRODUCT_DECLARATION = documented(V4_DOC, "product_declaration | string | Both | No | URL to a hosted \"varudeklaration\" in PDF format.");
export const DOC_MERGE = documented(V4_DOC, "This means PUT and PATCH are functionally equivalent - both perform a partial update.");
export const DOC_NULL = documented(V4_DOC, "To clear a field, explicitly set it to null (for nullable fields).");
/** An instruction, not a stated refusal: the URL decides the category whatever the body says. */
export const MIGRATE_NO_CATEGORY = inferred(
  "\"Do not include category_id in the request body - it is determined by the endpoint URL.\": an instruction; the documents do not say the server refuses a body that has one (the URL decides the category either way); a warning, and strict mode refuses it.",
);
export const DOC_MIGRATE_COMPLETE = documented(V4_DOC, "Requires a complete V4 payload with all required category_fields.");

export const DOC_RESPONSE_FIELDS = documented(V4_DOC, "Refer to the OpenAPI documentation for more detailed information about all fields.");
/** What says an ad (request or response) is an object: it is made of named fields. */
export const DOC_REQUEST_FIELDS = documented(V4_DOC, "The dealer_code field can be omitted from the request body - it is inferred from the token.");
export const DOC_MERGE_FIELDS = documented(V4_DOC, "In this API, fields not included in the request body are preserved, not cleared.");
export const DOC_RESPONSE_OBJECT = documented(
  V4_DOC,
  "If everything went well, the response from the HTTP GET will contain info on all state transitions performed during the workflow execution (logs field), as well as a Blocket ad ID (blocket_ad_id) for the newly created Blocket ad and Bytbil ad ID (offer_id) for registered vehicles.",
);
export const DOC_PRICE_TABLE = documented(
  V4_DOC,
  "list | Regular list price | reduced | Reduced/sale price (not allowed on POST, only on PUT/PATCH) | leasing | Leasing price",
);
export const DOC_LOG_OBJECTS = documented(V4_DOC, "log | array of objects | Response");
export const DOC_IMAGE_REFS_LIST = documented(V4_DOC, "image_refs | array of objects | Response");
export const DOC_ERROR_OBJECT = documented(V4_DOC, "When a request fails validation, the API returns HTTP 400 with a JSON object.");
export const DOC_AD_ID = documented(V4_DOC, "id | string (UUID) | Response");
export const DOC_STATE = documented(V4_DOC, "Ad state: created or deleted.");
export const DOC_API_VERSION = documented(V4_DOC, "API version used to create the ad (v3 or v4)");
export const DOC_IMAGE_REFS = documented(
  V4_DOC,
  "Each object contains url (original URL), cdn_url (CDN URL where the image is served), id (internal image reference ID), and checksum.",
);
export const DOC_BLOCKET_AD_ID = documented(V4_DOC, "blocket_ad_id | string | Response");
export const DOC_OFFER_ID = documented(V4_DOC, "Bytbil/Offer API ID. Only present for registered vehicle categories.");
export const DOC_TIMESTAMPS = documented(V4_DOC, "created | string (ISO 8601) | Response");
export const DOC_LOG_FIELDS = documented(V4_DOC, "Each entry in the log array has the following fields:");
export const DOC_LOG_ACTIONS = documented(V4_DOC, "One of the ad actions listed above (e.g. create, publish)");
export const DOC_LOG_STATES = documented(V4_DOC, "One of processing, done, or error");
export const DOC_EXTERNAL_MESSAGE = documented(V4_DOC, "external_message | string / object | Human-readable status message or error details");
export const DOC_REQUEST_ID = documented(V4_DOC, "request_id | string (UUID) | Groups all actions performed during a single API request");
export const DOC_ATTRIBUTES = documented(V4_DOC, "Returns a list of queryable attributes for the given vehicle type. Each entry has an id and a human-readable name:");
export const DOC_ATTRIBUTE_VALUES = documented(V4_DOC, "Returns a list of valid values, each with an id (slug) and name:");
export const DOC_FIELD_ERRORS = documented(V4_DOC, "Each key is a field name, and each value is an array of error messages for that field:");
export const DOC_NON_FIELD_ERRORS = documented(V4_DOC, "Non-field errors (e.g. business logic violations) use a string array under a single key:");
export const DOC_AUTH_ERROR = documented(V4_DOC, "Authentication errors (401) return:");

export const DOC_FILTER_STATE = documented(V4_DOC, "state | Filter | Values available: created, deleted");
export const DOC_ORDERING = documented(V4_DOC, "Values available: -created, created, -updated, updated, -source_id, source_id");
export const DOC_DATE_FORMAT = documented(V4_DOC, "created__gt | Filter | Format: YYYY-MM-DD HH:MM:SS");
export const DOC_LOG_ORDERING = documented(V4_DOC, "ordering | Setting | Values available: -created created");
export const DOC_LOG_ACTION_FILTER = documented(V4_DOC, "action | Filter | Values available: create update bump boost delete handle_media publish unpublish");
export const DOC_LOG_STATE_FILTER = documented(V4_DOC, "state | Filter | Values available: processing done error");
export const DOC_REQUEST_ID_FILTER = documented(V4_DOC, "request_id | Filter | Filter by request ID (UUID) to see only log entries from a specific API call");
export const DOC_FILTER_ID = documented(V4_DOC, "id | Filter | Internal ad ID (UUID)");
export const DOC_FILTER_CATEGORY = documented(V4_DOC, "category_id | Filter | Category ID (exact match)");
export const DOC_VEHICLE_TYPES = documented(
  V4_DOC,
  "Available vehicle types: car, transport, motorcycle, moped, snowmobile, atv, camper, caravan, trailer, boat, agriculture-thresher, agriculture-tractor, agriculture-tools, bus, truck, construction",
);
export const DOC_CAR_MODELS = documented(V4_DOC, "For cars, you can also look up models for a specific brand: GET /v4/vehicles/car/models?brand={brand}");
export const DOC_BUMP_EXCLUDE = documented(V4_DOC, "For registered vehicles, you can choose to exclude either Blocket or Bytbil by passing exclude_bytbil=true or exclude_blocket=true.");

export const DOC_V3_TITLE = V3_FIELD_TABLE("title string Yes (except for registered vehicle categories) Ad title");
export const DOC_V3_BODY = V3_FIELD_TABLE("body string Yes Ad body text");
export const DOC_V3_PRICE = V3_FIELD_TABLE("price array of objects Yes See price section");
export const DOC_V3_CONTACT = V3_FIELD_TABLE("contact object Yes See contact section");
export const DOC_V3_CATEGORY_FIELDS = V3_FIELD_TABLE("category_fields object Yes (except for non-registered vehicles) See category_fields section");
export const DOC_V3_SOURCE_ID = V3_FIELD_TABLE("source_id string Yes Client's reference ID.");
export const DOC_V3_CATEGORY_ID = V3_FIELD_TABLE("category_id int Yes See category_id section");
export const DOC_V3_CONTACT_NAME = V3_FIELD_TABLE("name string Yes Sellers name");
export const DOC_V3_PHONE = V3_FIELD_TABLE("phone string Yes Phone number (only digits)");
export const DOC_V3_EMAIL = V3_FIELD_TABLE("email string Yes Email address");
export const DOC_V3_IMAGES = documented(V3_DOC, "Accepted formats are JPG and PNG and you can send maximum 38 image URLs.");
export const DOC_V3_IMAGE_URLS = V3_FIELD_TABLE("image_urls array of strings No See image_urls section");
export const DOC_V3_URL_TITLE = V3_FIELD_TABLE("url_title string No Deprecated and no longer used.");
export const DOC_V3_SIMPLE_ADS = documented(V3_DOC, "These categories are only available as simple ads via the legacy /v3/ad endpoint.");
export const DOC_V3_CATEGORIES = documented(V3_DOC, "ID Path / Name Category specific fields");
export const DOC_V3_ORDERING = documented(V3_DOC, "ordering Setting Values available: -created created updated -updated");
export const DOC_V3_DATE_FORMAT = documented(V3_DOC, "created__gt Filter Format: \"YYYY-MM-DD HH:MM:SS\"");

// Inferences shared by many schemas.
export const DRF_TYPES = inferred(
  "The documents give the field's type in prose or by example only; the server is Django REST Framework (inferred from its error format), whose fields accept this JSON type.",
);
export const DRF_BLANK = inferred("A Django REST Framework CharField refuses an empty string unless allow_blank is set; the documents do not say which.");
export const DRF_URL = inferred("The documents describe the field as a URL; a Django REST Framework URLField would check the format, but the documents do not say it is one.");
export const DRF_EMAIL = inferred("The documents call it an email address; a Django REST Framework EmailField would check the format, but the documents do not say it is one.");
export const DRF_EXTRA_FIELDS = reconstructed(
  "The documents do not say what happens to fields they do not list; a Django REST Framework serializer ignores unknown fields, so they are warnings here (a typo is the usual cause).",
);
export const DRF_PAGE = inferred(
  "The limit/offset parameters are Django REST Framework's LimitOffsetPagination (inferred from their names), which answers {count, next, previous, results}.",
);
export const RESPONSE_SHAPE = inferred("The documents list the response fields but not which are always present; these are the ones every example and description has.");
export const CATALOGUE_VALUES = reconstructed(
  "The vehicle catalogues are not in the public documentation (they are served by the attribute endpoints, which need a dealer token); these values are a plausible reconstruction. `pnpm spec:pull` replaces them with the live lists.",
);
export const RECONSTRUCTED_FIELD = reconstructed(
  "The public documentation does not describe this category field (it points to the Swagger UI, which needs a token); its name, type and bounds are a plausible reconstruction.",
);
export const QUERY_TYPES = inferred("Query parameters are strings on the wire; the documents name the filter and its meaning, the type follows from it.");
