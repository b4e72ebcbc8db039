/**
 * Where each rule of the Kleinanzeigen snapshot comes from. Every constraint the reconstruction writes (type, enum,
 * format, required entry, additionalProperties, ...) takes one of these, so a rule without a source cannot be
 * written, and `buildDocument` checks the finished document with generator-core's `Provenance`.
 *
 * - `documented`: a fact the digest tags [DOC] or [GUIDE] (or the vendored create-ad guide states), with the
 *   sentence copied from that document; a test finds every quote in `spec/kleinanzeigen/docs/`.
 * - `inferred`: a fact the digest tags [2ND] or [INFERRED], or a reading of the documents (an example's shape).
 * - `reconstructed`: the digest's [GAP]s (G-1..G-26) and our designs, chosen as what a plausible Spring Boot
 *   server most plausibly accepts, never something stricter.
 */
import { sourceConstructors, type Source as AnySource, type Sourced as AnySourced } from "../../reconstruct/sources.js";

export { object, sourced, sourcedValue, withSource, type NodeSources } from "../../reconstruct/sources.js";

/** The digest of the public developer documentation (every fact tagged). */
export const DIGEST = "kleinanzeigen-api-digest.md";
/** The create-ad guide, as copied from developer.kleinanzeigen.de. */
export const GUIDE = "kleinanzeigen-create-ad-guide.txt";
export type DocName = typeof DIGEST | typeof GUIDE;

export type Source = AnySource<DocName>;
export type Sourced<T> = AnySourced<T, DocName>;
export const { documented, inferred, reconstructed } = sourceConstructors<DocName>();

// ---------------------------------------------------------------------------------------------------------------
// Documented: quotes copied from the digest (whitespace, dashes and quotes are normalised by the test).

const doc = (quote: string): Source => documented(DIGEST, quote);
const guide = (quote: string): Source => documented(GUIDE, quote);

// Authentication (§1.2).
export const DOC_TOKEN_FORM = doc("Request `Content-Type: application/x-www-form-urlencoded`.");
export const DOC_FORM_STRINGS = doc("Form parameters (all strings):");
export const DOC_GRANT_TYPE = doc("| `grant_type` | must be `client_credentials` |");
export const DOC_CLIENT_ID = doc("| `client_id` | the client's ID |");
export const DOC_CLIENT_SECRET = doc("| `client_secret` | the client's secret |");
export const DOC_AUDIENCE = doc("| `audience` | must be `consumer-goods-api` |");
export const DOC_TOKEN_200 = doc(
  '**200 OK** body: `{"access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...", "token_type": "bearer", "expires_in": 3600}`',
);
export const DOC_ACCESS_TOKEN = doc("`access_token` (string): a JWT, used on goods-API requests.");
export const DOC_TOKEN_TYPE = doc('`token_type` (string): always `"bearer"`.');
export const DOC_EXPIRES_IN = doc("`expires_in` (integer): seconds until the token expires.");
export const DOC_TOKEN_400 = doc('**400 Bad Request** body: `{"error": "invalid_request", "error_description": "Description of the error"}`.');
export const DOC_TOKEN_ERROR_CODES = doc(
  "Error codes listed on the page, each with a one-line meaning: - `invalid_request`: a required parameter is missing, or the request is malformed. - `invalid_client`: client authentication failed. - `invalid_grant`: the supplied grant is invalid. - `unauthorized_client`: the client may not use this grant type. - `unsupported_grant_type`: the grant type is not supported.",
);

// Problem details (§1.4).
export const DOC_PROBLEM_TYPE = doc("| `type` | string, format `uri` |");
export const DOC_PROBLEM_TITLE = doc("| `title` | string or null |");
export const DOC_PROBLEM_STATUS = doc("| `status` | integer, format int32 |");
export const DOC_PROBLEM_DETAIL = doc("| `detail` | string or null |");
export const DOC_PROBLEM_INSTANCE = doc("| `instance` | string or null, format `uri` |");
export const DOC_PROBLEM_PROPERTIES = doc("| `properties` | object or null |");
export const DOC_PROBLEM_SCHEMA = doc("The schema shown on createimprint, getlisting, updatelisting, deletelisting and requestticket [DOC]:");
export const DOC_LOCALIZED = doc("The examples also carry three extension members, each an empty string in every example:");
export const DOC_STYLE_B = doc("It has no `type` and no `localized*` members, and its `title` is an upper-case token:");
/** The documents' style-A and style-B example bodies (each an object). */
export const DOC_PROBLEM_EXAMPLE = doc('{ "type": "about:blank", "status": 404, "title": "Not Found", "detail": "Listing not found",');
export const DOC_STYLE_B_EXAMPLE = doc('{ "status": 400, "title": "BAD_REQUEST",');

// Identifiers (§1.5).
export const DOC_UUID = doc("Every ID is a UUID string in the 8-4-4-4-12 form.");
export const DOC_PATH_UUID = doc("Path parameter: `uuid` (string, required, example `123e4567-e89b-12d3-a456-426614174000`).");
export const DOC_PUBLICATION_UUID = doc("`publicationUuid` (string, required, example `789e4567-e89b-12d3-a456-426614174999`)");

/** "Request body (object):" of createimprint and requestticket. */
export const DOC_REQUEST_OBJECT = doc("Request body (object):");

// Imprints (§2.1).
export const DOC_IMPRINT_CONTENT = doc("| `content` | string | yes |");
export const DOC_IMPRINT_CREATED = doc('Example body: `{"uuid": "123e4567-e89b-12d3-a456-426614174000"}`.');

// Media (§2.2, §2.8-2.10).
export const DOC_MEDIA_TYPE = doc("| `mediaType` | string | yes |");
export const DOC_MEDIA_TYPES = doc("Supported types are: image/jpeg, image/png");
export const DOC_TICKET_UUID = doc("| `ticketUuid` | string | yes | `def45678-e89b-12d3-a456-426614174005` |");
export const DOC_TICKET_OBJECT = doc('Success: "Media upload ticket created successfully", `application/json`, object.');
export const DOC_SIGNED_PUT_URL = doc("| `signedPutUrl` | string | yes | `https://s3.url` |");
export const DOC_EXPIRE_AT = doc("| `expireAt` | string (an ISO-8601 UTC timestamp in the example) | yes | `2023-12-01T11:30:00Z` |");
export const GUIDE_TICKET_ONCE = guide("A Ticket UUID can only be used once successfully.");
export const GUIDE_TICKET_EXPIRES = guide("Note: This Ticket UUID has an expiration date; use it before it expires.");
export const DOC_DELETE_URLS = doc("passes them in the `urls` query parameter as a **comma-separated list**.");

// Listings (§2.3, §2.4, §4).
export const DOC_LISTING_FIELDS = doc("Listing resource fields, typed from the example and from the update schema:");
/** The documents' listing example, an object. */
export const DOC_LISTING_EXAMPLE = doc('{ "uuid": "dfe2ec14-56ec-40a1-9837-d777d850347b", "category": "Spielzeug", "title": "My Listing",');
export const DOC_LISTING_UUID = doc("| `uuid` | string (UUID) | listing ID |");
export const DOC_LISTING_CATEGORY = doc("| `category` | string |");
export const DOC_LISTING_TITLE = doc("| `title` | string | |");
export const DOC_LISTING_DESCRIPTION = doc("| `description` | string | |");
export const DOC_LISTING_ATTRIBUTES = doc("| `attributes` | object (string to string in the example) |");
export const DOC_LISTING_AD_TYPE = doc("| `adType` | string | `OFFER` |");
export const DOC_LISTING_AD_PRICE = doc("| `adPrice` | object `{type: string, amount: number}` |");
export const DOC_LISTING_USER_ID = doc("| `userId` | string | owner |");
export const DOC_LISTING_EMAIL = doc("| `email` | string | contact |");
export const DOC_LISTING_PHONE = doc("| `phoneNumber` | string | contact |");
export const DOC_LISTING_REFERENCE = doc("| `customReference` | string | the seller's own reference |");
export const DOC_LISTING_CONTACT = doc("| `contactPerson` | string | contact |");
export const DOC_LISTING_BUY_NOW = doc("| `buyNow` | boolean | |");
export const DOC_LISTING_URLS = doc("| `urls` | array of string | image URLs, in display order.");
export const DOC_UPDATE_OPTIONAL = doc("Every field is optional or nullable.");
export const DOC_UPDATE_BODY = doc('Request body (object, "Listing data to be update").');
/** updatelisting: the update also covers the listing's publications (G-19). */
export const DOC_UPDATE_APPLIES = doc("Per the page, the update also applies to every publication linked to the listing.");
/** manage-images: image changes need a republish (G-19). */
export const GUIDE_IMAGES_REPUBLISH = doc("**Go live:** image changes reach the web only after a republish:");
/** deletelisting: a soft delete (G-14). */
export const DOC_SOFT_DELETE = doc("marks the listing as deleted (a soft delete, going by the wording) and updates the publication state of every linked publication.");
/** A row of the update body's table: `| \`title\` | string \| null | no |`. */
export const DOC_UPDATE_ROW = (field: string, type: string): Source => doc(`| \`${field}\` | ${type} \\| null | no |`);
export const DOC_UPDATE_PRICE = doc("object `{ type: string (required), amount: number/double (required) }`");

// Publications (§2.6, §2.11-2.14).
export const DOC_REPUBLISH_STATE = doc("Required query parameter `requestedState`, set to **`PUBLISHED` or `PAUSED`**.");
export const DOC_REPUBLISH_BODY = doc("The body **must be an empty JSON object `{}`**.");
export const DOC_STATE_REQUIRED = doc("Query parameter: `requestedState`. String, required.");
export const DOC_STATE_VALUES = doc("**Allowed values: `PAUSED`, `RESUMED`**.");

// ---------------------------------------------------------------------------------------------------------------
// Inferred: readings of the documents.

export const EVERY_EXAMPLE = inferred(
  "Every example of this body in the documents carries these members; a Spring ProblemDetail always sets type (default about:blank), status and title.",
);
export const STYLE_B_TYPES = inferred(
  "The style-B examples give status as a number and title, detail and instance as strings; instance is a path, with the query string in the 404 example, so a relative reference (uri-reference).",
);
export const AD_PRICE_PARTS = inferred("The update body requires type and amount of a price; the listing example's adPrice carries both, so a stored price has both.");
export const STYLE_B_MEMBERS = inferred("Both style-B examples in the documents carry status, title, detail and instance.");
export const INSTANCE_REFERENCE = inferred(
  "The schema table says format uri, but every example's instance is a path such as /api/v1/listings/..., a relative reference; Spring's ProblemDetail.instance is a java.net.URI, which holds relative references, so the format is uri-reference.",
);
export const CREATE_FIELDS = inferred(
  "The create-listing operation page is not available; the digest infers that the create body has the update body's fields (title, category, description, attributes, adType, price, email, phoneNumber, customReference, contactPerson, buyNow).",
);
export const CREATED_UUID = inferred(
  "The guide says the create call returns the Listing UUID; by analogy with createimprint's documented {\"uuid\": ...} answer the body is {uuid}.",
);
export const ATTRIBUTE_VALUES = inferred(
  "Every attribute value in the documents is a string (\"actionfiguren\", \"like_new\", \"ja\"); a Map<String, String> in Jackson also coerces numbers and booleans to strings, so other values only warn.",
);
export const SIGNED_URL_FORMAT = inferred("The documents' example is https://s3.url: a presigned URL, so an absolute URI.");
export const EXPIRE_AT_FORMAT = inferred("The documents' example 2023-12-01T11:30:00Z is an ISO-8601 UTC timestamp, so a date-time.");
export const TOKEN_ERROR_REQUIRED = inferred("The documented error body carries error; RFC 6749 section 5.2 makes error required and error_description optional.");
export const BODY_OBJECT = inferred(
  "The guide names what the payload includes (the Ticket UUID; the Imprint UUID and location details) but shows no body: a JSON payload with named values is an object.",
);
export const EXAMPLE_MEMBER = inferred("The documents' example body carries this member; the page does not say it is always there.");
export const TOKEN_ERROR_OPEN = inferred(
  "The authentication page lists five error codes, but its excerpt is cut off after unsupported_grant_type (\"The available excerpt is cut off in this row\"): other codes may exist, so the list only warns and the type stays open.",
);
export const CLIENT_CREDENTIALS_FORM = inferred(
  "The page lists client_id and client_secret among the form parameters without saying that the form must carry them; RFC 6749 section 2.3.1 lets a client authenticate with HTTP Basic instead, so their absence from the form only warns.",
);
export const DELETE_URLS_REQUIRED = inferred(
  "The guide's one form of the call names the images in urls (DELETE .../media?urls=u1,u2) without saying the parameter is required; a call without it names nothing to delete.",
);
export const TOKEN_REQUIRED = inferred("The documented 200 body carries access_token, token_type and expires_in; RFC 6749 section 5.1 requires access_token and token_type and recommends expires_in.");

// ---------------------------------------------------------------------------------------------------------------
// Reconstructed: our designs where the documents are silent (gap numbers as in the digest's section 5).

export const SPRING_EXTRA_FIELDS = reconstructed(
  "The documents do not say what happens to fields they do not list; Spring's Jackson ignores unknown properties by default, so they are warnings here (a typo is the usual cause).",
);
export const G5_REQUIRED = reconstructed(
  "G-5: which fields the create body requires is not documented; a listing without title, category and description cannot be published, so they are asked for on create (warnings only: the server may accept a draft without them).",
);
export const G6_REQUIRED = reconstructed(
  "G-6: a listing always has its uuid and its image list (empty in the documents' example), and title, category and description are asked for on create (G-5).",
);
export const PRICE_TYPES = reconstructed(
  "Only FIXED appears in the documents; NEGOTIABLE (\"VB\") and GIVE_AWAY (\"Zu verschenken\") are the other price kinds of a Kleinanzeigen ad. An enum the documents do not state only warns.",
);
export const AD_TYPES = reconstructed(
  "Only OFFER appears in the documents; WANTED (\"Gesuch\") is the other ad type of a Kleinanzeigen ad. An enum the documents do not state only warns.",
);
export const G7_TICKET_FIELD = reconstructed(
  "G-7: the guide says the Ticket UUID goes in the payload but not under which name; ticketUuid matches the ticket response's field.",
);
export const G12_PUBLICATION_FIELDS = reconstructed(
  "G-12: the guide says the payload carries the Imprint UUID and any necessary location details but gives no names or structure; imprintUuid and location {zipCode, city, latitude, longitude} are our design.",
);
export const G12_LOCATION_TYPES = reconstructed("G-12: the location structure is our design: a German postcode and city as strings, WGS84 coordinates as numbers.");
export const G12_ZIP = reconstructed("G-12: a location is at least a postcode (our design); city and coordinates are optional.");
export const G12_ACCEPTED = reconstructed("G-12: the guide says a Publication UUID is returned; the body {uuid} follows createimprint's documented answer.");
export const G12_IMPRINT_NAME = reconstructed(
  "G-12: the guide says the payload includes the Imprint UUID but not under which name; imprintUuid matches the ticket's ticketUuid and the response's uuid. The fake also takes imprintId, imprint_uuid, imprintUUID and imprint (a UUID or {uuid}), so a client written against the real name is not refused.",
);
export const G12_ONE_PER_IMPRINT = reconstructed(
  "G-12: whether a listing may have several publications under one imprint is not documented (\"possibly one per imprint\"). The design answers a second one 409, in strict mode only; by default a second publication is created.",
);
export const G13_PUBLICATION = reconstructed(
  "G-13: the publication resource is not documented; its fields (uuid, listingUuid, imprintUuid, status, statusReason, location, createdAt, updatedAt, pendingChanges, adId) are our design.",
);
export const G13_STATUS = reconstructed(
  "G-13: no status values are documented; PENDING (being validated), PUBLISHED, PAUSED, REJECTED (statusReason says why) and DELETED (the listing was deleted) are our design.",
);
export const G13_LIST = reconstructed("G-13/G-24: no pagination is mentioned; the publications of a listing are a plain array.");
export const G13_REJECTION = reconstructed(
  "G-13: no document names a reason for rejecting a publication. The design rejects a listing without a title, description, category or numeric price when its validation ends, in strict mode only; by default every validation passes (fake.faults.rejectPublications forces a rejection).",
);
export const G15_PENDING = reconstructed(
  "G-15: whether a publication can be republished, paused or resumed while its validation runs is not documented. The design answers 409, in strict mode only; by default the request is taken: a republish starts the validation again, a state change sets the state the running validation ends in.",
);
export const G15_REJECTED = reconstructed(
  "G-15: what pausing or resuming a REJECTED publication does is not documented. The design answers 409, in strict mode only (a rejected ad is not live; a republish fixes it); by default the request is taken and changes nothing.",
);
export const G14_DELETED_PUBLICATION = reconstructed(
  "G-14: whether a deleted listing's publications can be republished or change state is not documented. The design answers 409, in strict mode only; by default the request is taken and changes nothing (the publication stays DELETED).",
);
export const G18_ORDER_BODY = reconstructed(
  "G-18: the payload shape is not documented; an object {urls: [...]} (a Spring DTO, room to grow) rather than a bare array.",
);
export const G17_NON_EMPTY = reconstructed(
  "G-17: an empty list names nothing to delete, which is most likely a client bug; the design answers 400 (this only warns). URLs that are not on the listing are ignored (204), so a retried delete succeeds.",
);
export const G10_FIELD_ERRORS = reconstructed(
  "G-10: no validation-error example exists for listings; field errors are listed in a top-level errors member as {field, message} (Spring's BindingResult field and default message). Spring serialises ProblemDetail.properties as top-level members, which is where the localized* members of the documents' examples come from, so errors sits beside them.",
);
export const G19_PENDING = reconstructed(
  "G-19: listing edits apply to every publication at once (the updatelisting page); image changes reach the public ad only with a republish (the manage-images guide). pendingChanges says the listing's images changed after this publication last published them.",
);
export const OAUTH_EXTRA_PARAMS = reconstructed(
  "The documents list four form parameters; RFC 6749 section 3.2 says the authorization server MUST ignore unrecognized request parameters, so others are warnings.",
);
