/** Component schemas of the Kleinanzeigen snapshot. Every constraint carries its source (see sources.ts). */
import { nullable, ref, type JsonObject } from "../../reconstruct/json.js";
import {
  AD_PRICE_PARTS, AD_TYPES, ATTRIBUTE_VALUES, BODY_OBJECT, CLIENT_CREDENTIALS_FORM, CREATE_FIELDS, CREATED_UUID,
  DOC_ACCESS_TOKEN, DOC_AUDIENCE, DOC_EXPIRE_AT, DOC_EXPIRES_IN, DOC_FORM_STRINGS, DOC_GRANT_TYPE, DOC_IMPRINT_CONTENT,
  DOC_IMPRINT_CREATED, DOC_LISTING_AD_PRICE, DOC_LISTING_AD_TYPE, DOC_LISTING_ATTRIBUTES, DOC_LISTING_BUY_NOW,
  DOC_LISTING_CATEGORY, DOC_LISTING_CONTACT, DOC_LISTING_DESCRIPTION, DOC_LISTING_EMAIL, DOC_LISTING_EXAMPLE, DOC_LISTING_PHONE,
  DOC_LISTING_REFERENCE, DOC_LISTING_TITLE, DOC_LISTING_URLS, DOC_LISTING_USER_ID, DOC_LISTING_UUID, DOC_LOCALIZED,
  DOC_MEDIA_TYPE, DOC_MEDIA_TYPES, DOC_PROBLEM_DETAIL, DOC_PROBLEM_EXAMPLE, DOC_PROBLEM_INSTANCE, DOC_PROBLEM_PROPERTIES,
  DOC_PROBLEM_STATUS, DOC_PROBLEM_TITLE, DOC_PROBLEM_TYPE, DOC_REPUBLISH_BODY, DOC_REQUEST_OBJECT, DOC_SIGNED_PUT_URL,
  DOC_STYLE_B_EXAMPLE, DOC_TICKET_OBJECT, DOC_TICKET_UUID, DOC_TOKEN_200, DOC_TOKEN_400, DOC_TOKEN_FORM, DOC_TOKEN_TYPE,
  DOC_UPDATE_BODY, DOC_UPDATE_PRICE, DOC_UPDATE_ROW, DOC_UUID, EVERY_EXAMPLE, EXAMPLE_MEMBER, EXPIRE_AT_FORMAT, G10_FIELD_ERRORS,
  G12_ACCEPTED, G12_IMPRINT_NAME, G12_LOCATION_TYPES, G12_PUBLICATION_FIELDS, G12_ZIP, G13_PUBLICATION, G13_STATUS,
  G18_ORDER_BODY, G19_PENDING, G5_REQUIRED, G6_REQUIRED, G7_TICKET_FIELD, INSTANCE_REFERENCE, OAUTH_EXTRA_PARAMS, object,
  PRICE_TYPES, SIGNED_URL_FORMAT, type Source, type Sourced, sourced, sourcedValue, SPRING_EXTRA_FIELDS, STYLE_B_MEMBERS,
  STYLE_B_TYPES, TOKEN_ERROR_OPEN, TOKEN_ERROR_REQUIRED, TOKEN_REQUIRED, withSource,
} from "./sources.js";

/** The value lists of the snapshot, each with where it comes from. */
export const PRICE_TYPE_VALUES: Sourced<string[]> = sourcedValue(["FIXED", "NEGOTIABLE", "GIVE_AWAY"], PRICE_TYPES);
export const AD_TYPE_VALUES: Sourced<string[]> = sourcedValue(["OFFER", "WANTED"], AD_TYPES);
export const MEDIA_TYPE_VALUES: Sourced<string[]> = sourcedValue(["image/jpeg", "image/png"], DOC_MEDIA_TYPES);
export const PUBLICATION_STATUS_VALUES: Sourced<string[]> = sourcedValue(["PENDING", "PUBLISHED", "PAUSED", "REJECTED", "DELETED"], G13_STATUS);
// The page's list of error codes is cut off after `unsupported_grant_type` ("The available excerpt is cut"), so it
// does not close the set: the codes it shows are documented, that there are no others is an inference (issue 17).
export const TOKEN_ERROR_VALUES: Sourced<string[]> = sourcedValue(
  ["invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type"],
  TOKEN_ERROR_OPEN,
);


/** `this or null`, the description kept beside the `oneOf` (drf-spectacular/springdoc style). */
function orNull(schema: JsonObject): JsonObject {
  const { description, ...rest } = schema;
  return { ...nullable(rest), ...(description === undefined ? {} : { description }) };
}

/** A enum-valued string whose `type` and `enum` may come from different places. */
function enumString(values: Sourced<string[]>, typeSource: Source, description: string): JsonObject {
  return sourced({ type: "string", enum: values.value, description }, { "*": typeSource, enum: values.source });
}

function uuid(typeSource: Source, description: string, formatSource: Source = DOC_UUID): JsonObject {
  return sourced({ type: "string", format: "uuid", description }, { "*": typeSource, format: formatSource });
}

// ---------------------------------------------------------------------------------------------------------------
// Listings

const FIELD_TEXT: Record<string, string> = {
  title: "Ad title.",
  category: "Category key. The documents show both `Spielzeug` and `Familie_Kind_Baby/Spielzeug`; no category list is public (G-22).",
  description: "Ad text.",
  attributes:
    "Category-specific attributes, key to value (`art`, `condition`: `like_new`, `versand`: `ja` in the documents). Which keys a category needs is not documented (G-22). An update replaces the whole map (G-11).",
  adType: "`OFFER` (seen in the documents) or `WANTED` (reconstructed).",
  email: "Contact email address.",
  phoneNumber: "Contact phone number.",
  customReference: "The seller's own reference.",
  contactPerson: "Contact person's name.",
  buyNow: "Whether the ad offers Kleinanzeigen's buy-now (\"Direkt kaufen\").",
};

const STRING_FIELDS = ["email", "phoneNumber", "customReference", "contactPerson"] as const;

const attributesMap = (source: Source): JsonObject =>
  withSource(source, { type: "object", additionalProperties: withSource(ATTRIBUTE_VALUES, { type: "string" }), description: FIELD_TEXT["attributes"] ?? "" });

const PRICE_NULL = "`null` removes the price (the \"One of\" of the update table is springdoc's rendering of a nullable object, inferred).";

/** The PUT body: every field optional and nullable, as the update table says. */
function listingUpdateRequest(): JsonObject {
  const row = (field: string, type: string): Source => DOC_UPDATE_ROW(field, type);
  const properties: Record<string, JsonObject> = {
    title: orNull(withSource(row("title", "string"), { type: "string", description: FIELD_TEXT["title"] ?? "" })),
    category: orNull(withSource(row("category", "string"), { type: "string", description: FIELD_TEXT["category"] ?? "" })),
    description: orNull(withSource(row("description", "string"), { type: "string", description: FIELD_TEXT["description"] ?? "" })),
    attributes: orNull(attributesMap(row("attributes", "object"))),
    adType: orNull(enumString(AD_TYPE_VALUES, row("adType", "string"), FIELD_TEXT["adType"] ?? "")),
    price: { ...nullable(ref("Price")), description: `Price; when present, \`type\` and \`amount\` are both required. ${PRICE_NULL}` },
  };
  for (const field of STRING_FIELDS) properties[field] = orNull(withSource(row(field, "string"), { type: "string", description: FIELD_TEXT[field] ?? "" }));
  properties["buyNow"] = orNull(withSource(row("buyNow", "boolean"), { type: "boolean", description: FIELD_TEXT["buyNow"] ?? "" }));
  return object({
    description:
      "\"Listing data to be update\": send only the fields that change (partial update, 204). An absent field is left as it is; `null` clears it (G-11). `attributes` replaces the whole map. The update applies to every publication of the listing at once (the operation page); image changes need a republish (G-19).",
    source: DOC_UPDATE_BODY,
    properties,
    closed: SPRING_EXTRA_FIELDS,
  });
}

/** The POST body: the update body's fields (inferred); title, category and description asked for (reconstructed). */
function listingCreateRequest(): JsonObject {
  const text = (field: string): JsonObject => withSource(CREATE_FIELDS, { type: "string", description: FIELD_TEXT[field] ?? "" });
  const properties: Record<string, JsonObject> = {
    title: text("title"),
    category: text("category"),
    description: text("description"),
    attributes: orNull(attributesMap(CREATE_FIELDS)),
    adType: orNull(enumString(AD_TYPE_VALUES, CREATE_FIELDS, FIELD_TEXT["adType"] ?? "")),
    price: { ...nullable(ref("Price")), description: "Price; a listing without one is rejected when it is published (G-13)." },
  };
  for (const field of STRING_FIELDS) properties[field] = orNull(text(field));
  properties["buyNow"] = orNull(withSource(CREATE_FIELDS, { type: "boolean", description: FIELD_TEXT["buyNow"] ?? "" }));
  return object({
    description:
      "Body of `POST /v1/listings` (G-5): the create operation page is not available, so the fields are the update body's (inferred). Which are required is our design: title, category and description (warnings). A new listing is not visible until a publication of it is validated.",
    source: CREATE_FIELDS,
    properties,
    required: { title: G5_REQUIRED, category: G5_REQUIRED, description: G5_REQUIRED },
    closed: SPRING_EXTRA_FIELDS,
  });
}

/** Why a listing's title, category or description can be `null`. */
const UNSET =
  " `null` when the listing was created without it: which create fields are required is our design (G-5, warnings only), and a Spring server writes a field it never set as `null`.";

function listing(): JsonObject {
  const text = (source: Source, field: string, note = ""): JsonObject =>
    orNull(withSource(source, { type: "string", description: `${FIELD_TEXT[field] ?? ""}${note}` }));
  return object({
    description:
      "A listing as `GET /v1/listings/{uuid}` returns it: exactly the documented fields (G-6). No timestamps, state or publication references are documented; publications are read with the publications endpoints. Note the response's `adPrice` where the request says `price`.",
    source: DOC_LISTING_EXAMPLE,
    properties: {
      uuid: uuid(DOC_LISTING_UUID, "Listing UUID."),
      category: text(DOC_LISTING_CATEGORY, "category", UNSET),
      title: text(DOC_LISTING_TITLE, "title", UNSET),
      description: text(DOC_LISTING_DESCRIPTION, "description", UNSET),
      attributes: orNull(attributesMap(DOC_LISTING_ATTRIBUTES)),
      adType: orNull(enumString(AD_TYPE_VALUES, DOC_LISTING_AD_TYPE, FIELD_TEXT["adType"] ?? "")),
      adPrice: { ...nullable(ref("AdPrice")), description: "The price (the update body calls it `price`)." },
      userId: withSource(DOC_LISTING_USER_ID, {
        type: "string",
        description: "The owner's account id (the account the API client belongs to, G-26). Opaque: the documents' example `11111111-k6gd-4113-b395-5459ec678ddd` is not a valid UUID.",
      }),
      email: text(DOC_LISTING_EMAIL, "email"),
      phoneNumber: text(DOC_LISTING_PHONE, "phoneNumber"),
      customReference: text(DOC_LISTING_REFERENCE, "customReference"),
      contactPerson: text(DOC_LISTING_CONTACT, "contactPerson"),
      buyNow: orNull(withSource(DOC_LISTING_BUY_NOW, { type: "boolean", description: FIELD_TEXT["buyNow"] ?? "" })),
      urls: withSource(DOC_LISTING_URLS, {
        type: "array",
        items: withSource(DOC_LISTING_URLS, { type: "string" }),
        description: "Image URLs in display order; the first is the cover image. Whether they are absolute URLs is not documented (G-6), so no format is claimed.",
      }),
    },
    required: { uuid: G6_REQUIRED, category: G6_REQUIRED, title: G6_REQUIRED, description: G6_REQUIRED, userId: G6_REQUIRED, urls: G6_REQUIRED },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Problems

const LOCALIZED = (what: string): JsonObject =>
  withSource(DOC_LOCALIZED, { type: "string", description: `${what}; an empty string in every example of the documents.` });

function problem(): JsonObject {
  return object({
    description:
      "RFC 7807 problem details as Spring 6's ProblemDetail writes them (\"style A\"), used by every goods operation except the two publication-state ones. `instance` is the request path without `goods` (`/api/v1/...`, G-23). Validation errors (G-10) list field errors in a top-level `errors` member.",
    source: DOC_PROBLEM_EXAMPLE,
    properties: {
      type: withSource(DOC_PROBLEM_TYPE, { type: "string", format: "uri", description: "Problem type; `about:blank` in every example." }),
      title: orNull(withSource(DOC_PROBLEM_TITLE, { type: "string", description: "Reason phrase of the status (`Not Found`)." })),
      status: withSource(DOC_PROBLEM_STATUS, { type: "integer", format: "int32", description: "HTTP status." }),
      detail: orNull(withSource(DOC_PROBLEM_DETAIL, { type: "string", description: "What went wrong (`Listing not found`, `Failed to read request`)." })),
      instance: orNull(
        sourced(
          {
            type: "string",
            format: "uri-reference",
            description:
              "The request path (`/api/v1/listings/{uuid}`). The schema table says format `uri`, but every example is a path, a relative reference: `uri-reference` accepts both.",
          },
          { type: DOC_PROBLEM_INSTANCE, format: INSTANCE_REFERENCE },
        ),
      ),
      properties: orNull(
        withSource(DOC_PROBLEM_PROPERTIES, {
          type: "object",
          additionalProperties: true,
          description:
            "In the schema table but in none of the documents' examples: Spring serialises `ProblemDetail.properties` as top-level members (the `localized*` members and `errors` are such members), so a Spring server never writes this field itself.",
        }),
      ),
      errors: withSource(G10_FIELD_ERRORS, {
        type: "array",
        items: ref("FieldError"),
        description: "Validation errors only (G-10): one entry per refused field, a top-level member like the `localized*` ones.",
      }),
      localizedTitle: LOCALIZED("Localized title"),
      localizedDetail: LOCALIZED("Localized detail"),
      localizedMessage: LOCALIZED("Localized message"),
    },
    required: { type: EVERY_EXAMPLE, status: EVERY_EXAMPLE, title: EVERY_EXAMPLE },
  });
}

function problemStyleB(): JsonObject {
  const member = (type: string, description: string): JsonObject => withSource(STYLE_B_TYPES, { type, description });
  return object({
    description:
      "The leaner problem body (\"style B\") of the publication-state operations: no `type`, no `localized*` members, an upper-case token as `title` (`BAD_REQUEST`, `NOT_FOUND`). `instance` may carry the query string and drop the `/state` suffix (G-23).",
    source: DOC_STYLE_B_EXAMPLE,
    properties: {
      status: sourced({ type: "integer", format: "int32", description: "HTTP status." }, { "*": STYLE_B_TYPES }),
      title: member("string", "Upper-case status token (`BAD_REQUEST`, `NOT_FOUND`, `CONFLICT`)."),
      detail: member("string", "What went wrong."),
      instance: sourced({ type: "string", format: "uri-reference", description: "The request path, sometimes with its query string." }, { "*": STYLE_B_TYPES }),
    },
    required: { status: STYLE_B_MEMBERS, title: STYLE_B_MEMBERS, detail: STYLE_B_MEMBERS, instance: STYLE_B_MEMBERS },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Publications

function publicationLocation(): JsonObject {
  const coordinate = (name: string, bound: number): JsonObject =>
    orNull(withSource(G12_LOCATION_TYPES, { type: "number", minimum: -bound, maximum: bound, description: `WGS84 ${name} in decimal degrees.` }));
  return object({
    description: "Where the ad is shown (G-12, our design): a German postcode, optionally the city and coordinates.",
    source: G12_PUBLICATION_FIELDS,
    properties: {
      zipCode: withSource(G12_LOCATION_TYPES, { type: "string", description: "German postcode (`10115`)." }),
      city: orNull(withSource(G12_LOCATION_TYPES, { type: "string", description: "City name." })),
      latitude: coordinate("latitude", 90),
      longitude: coordinate("longitude", 180),
    },
    required: { zipCode: G12_ZIP },
    closed: SPRING_EXTRA_FIELDS,
  });
}

function publication(): JsonObject {
  const own = (type: string, description: string, format?: string): JsonObject =>
    withSource(G13_PUBLICATION, { type, ...(format === undefined ? {} : { format }), description });
  const required = ["uuid", "listingUuid", "imprintUuid", "status", "statusReason", "location", "createdAt", "updatedAt", "pendingChanges", "adId"];
  return object({
    description:
      "One publication of a listing under one imprint (G-13, our design). Validation is asynchronous: `PENDING` until validated, then `PUBLISHED` (or `PAUSED` when republished with `requestedState=PAUSED`) or `REJECTED` with `statusReason` (no rejection reason is documented). Deleting the listing makes it `DELETED`.",
    source: G13_PUBLICATION,
    properties: {
      uuid: uuid(G13_PUBLICATION, "Publication UUID."),
      listingUuid: uuid(G13_PUBLICATION, "The listing it publishes."),
      imprintUuid: uuid(G13_PUBLICATION, "The imprint it is published under (\"statuses and associated imprints\")."),
      status: enumString(PUBLICATION_STATUS_VALUES, G13_STATUS, "`PENDING` (being validated), `PUBLISHED`, `PAUSED`, `REJECTED` (see `statusReason`), `DELETED` (the listing was deleted)."),
      statusReason: orNull(own("string", "Why the publication was rejected (`null` unless `REJECTED`).")),
      location: { ...nullable(ref("PublicationLocation")), description: "The location sent when the publication was created (`null` when none was sent)." },
      createdAt: own("string", "When the publication was created.", "date-time"),
      updatedAt: own("string", "When its status or content last changed.", "date-time"),
      pendingChanges: withSource(G19_PENDING, {
        type: "boolean",
        description: "The listing's images changed after this publication last published them: republish to make them live (G-19). Listing edits apply to the publication at once and do not set it.",
      }),
      adId: orNull(own("string", "The public Kleinanzeigen ad id once published (`null` before).")),
    },
    required: Object.fromEntries(required.map((name) => [name, G13_PUBLICATION])),
  });
}

// ---------------------------------------------------------------------------------------------------------------

export function componentSchemas(): Record<string, JsonObject> {
  return {
    // Auth
    TokenRequest: object({
      description: "Form body of the token call (`application/x-www-form-urlencoded`): OAuth 2.0 client credentials.",
      source: DOC_TOKEN_FORM,
      properties: {
        grant_type: enumString(sourcedValue(["client_credentials"], DOC_GRANT_TYPE), DOC_FORM_STRINGS, "Must be `client_credentials`."),
        client_id: withSource(DOC_FORM_STRINGS, { type: "string", description: "The client's ID." }),
        client_secret: withSource(DOC_FORM_STRINGS, { type: "string", description: "The client's secret; keep it server-side." }),
        audience: enumString(sourcedValue(["consumer-goods-api"], DOC_AUDIENCE), DOC_FORM_STRINGS, "Must be `consumer-goods-api`."),
      },
      required: { grant_type: DOC_GRANT_TYPE, client_id: CLIENT_CREDENTIALS_FORM, client_secret: CLIENT_CREDENTIALS_FORM, audience: DOC_AUDIENCE },
      closed: OAUTH_EXTRA_PARAMS,
    }),
    TokenResponse: object({
      description: "An access token. No refresh token: when it expires, get a new one with the same call.",
      source: DOC_TOKEN_200,
      properties: {
        access_token: withSource(DOC_ACCESS_TOKEN, { type: "string", description: "A JWT, sent on goods-API requests as `Authorization: Bearer <jwt>` (G-1)." }),
        token_type: withSource(DOC_TOKEN_TYPE, { type: "string", enum: ["bearer"], description: "Always `bearer`." }),
        expires_in: withSource(DOC_EXPIRES_IN, { type: "integer", description: "Seconds until the token expires (3600 in the example)." }),
      },
      required: { access_token: TOKEN_REQUIRED, token_type: TOKEN_REQUIRED, expires_in: TOKEN_REQUIRED },
    }),
    TokenError: object({
      description: "OAuth 2.0 error body of the token call (400; 401 for `invalid_client`, G-25).",
      source: DOC_TOKEN_400,
      properties: {
        error: enumString(TOKEN_ERROR_VALUES, DOC_TOKEN_400, "Error code: those the authentication page lists, but its list is cut off after `unsupported_grant_type`, so others may come."),
        error_description: withSource(DOC_TOKEN_400, { type: "string", description: "Human-readable description (optional in RFC 6749, G-25)." }),
      },
      required: { error: TOKEN_ERROR_REQUIRED },
    }),

    // Problems
    Problem: problem(),
    ProblemStyleB: problemStyleB(),
    FieldError: object({
      description: "One refused field of a validation error (G-10, our design).",
      source: G10_FIELD_ERRORS,
      properties: {
        field: withSource(G10_FIELD_ERRORS, { type: "string", description: "The field's path in the body (`title`, `price.amount`)." }),
        message: withSource(G10_FIELD_ERRORS, { type: "string", description: "Why it was refused (`must not be blank`)." }),
      },
      required: { field: G10_FIELD_ERRORS, message: G10_FIELD_ERRORS },
    }),

    // Imprints
    ImprintCreateRequest: object({
      description: "A new imprint (legal \"Impressum\" text) owned by the authenticated account. No length limit is documented.",
      source: DOC_REQUEST_OBJECT,
      properties: { content: withSource(DOC_IMPRINT_CONTENT, { type: "string", description: "The imprint text." }) },
      required: { content: DOC_IMPRINT_CONTENT },
      closed: SPRING_EXTRA_FIELDS,
    }),
    ImprintCreated: object({
      description: "The new imprint's UUID.",
      source: DOC_IMPRINT_CREATED,
      properties: { uuid: uuid(DOC_IMPRINT_CREATED, "Imprint UUID, needed to publish.") },
      required: { uuid: EXAMPLE_MEMBER },
    }),

    // Media
    MediaTicketRequest: object({
      description: "Asks for an upload ticket for one image. Another media type is refused with 415.",
      source: DOC_REQUEST_OBJECT,
      properties: {
        mediaType: enumString(MEDIA_TYPE_VALUES, DOC_MEDIA_TYPE, "MIME type of the image: \"Supported types are: image/jpeg, image/png\" (anything else: 415)."),
      },
      required: { mediaType: DOC_MEDIA_TYPE },
      closed: SPRING_EXTRA_FIELDS,
    }),
    MediaTicket: object({
      description: "An upload ticket: PUT the image bytes to `signedPutUrl` (the API is not involved), then attach the ticket to a listing before `expireAt`.",
      source: DOC_TICKET_OBJECT,
      properties: {
        ticketUuid: uuid(DOC_TICKET_UUID, "Ticket UUID; can be used only once successfully."),
        signedPutUrl: sourced({ type: "string", format: "uri", description: "Presigned storage URL for a direct HTTP PUT of the image bytes." }, { "*": DOC_SIGNED_PUT_URL, format: SIGNED_URL_FORMAT }),
        expireAt: sourced({ type: "string", format: "date-time", description: "When the ticket expires (ISO-8601, UTC)." }, { "*": DOC_EXPIRE_AT, format: EXPIRE_AT_FORMAT }),
      },
      required: { ticketUuid: DOC_TICKET_UUID, signedPutUrl: DOC_SIGNED_PUT_URL, expireAt: DOC_EXPIRE_AT },
    }),
    MediaAttachRequest: object({
      description: "Attaches an uploaded image to the listing: \"Include the Ticket UUID in the request payload.\" The field name is our design (G-7).",
      source: BODY_OBJECT,
      properties: { ticketUuid: uuid(G7_TICKET_FIELD, "The ticket whose image was uploaded.", G7_TICKET_FIELD) },
      required: { ticketUuid: G7_TICKET_FIELD },
      closed: SPRING_EXTRA_FIELDS,
    }),
    MediaOrderRequest: object({
      description: "The listing's image URLs in the wanted order; exactly the set already on the listing (no additions or removals). The first becomes the cover. The shape is our design (G-18).",
      source: G18_ORDER_BODY,
      properties: {
        urls: withSource(G18_ORDER_BODY, { type: "array", items: withSource(G18_ORDER_BODY, { type: "string" }), description: "Every URL of the listing's `urls`, each once, in the new order." }),
      },
      required: { urls: G18_ORDER_BODY },
      closed: SPRING_EXTRA_FIELDS,
    }),

    // Listings
    Price: object({
      description: "A price in a request: `type` and `amount` are both required when a price is sent.",
      source: DOC_UPDATE_PRICE,
      properties: {
        type: enumString(PRICE_TYPE_VALUES, DOC_UPDATE_PRICE, "`FIXED` (seen in the documents), `NEGOTIABLE` or `GIVE_AWAY` (reconstructed)."),
        amount: withSource(DOC_UPDATE_PRICE, { type: "number", description: "Amount in euros (number/double)." }),
      },
      required: { type: DOC_UPDATE_PRICE, amount: DOC_UPDATE_PRICE },
      closed: SPRING_EXTRA_FIELDS,
    }),
    AdPrice: object({
      description: "A listing's price as returned (`adPrice`).",
      source: DOC_LISTING_AD_PRICE,
      properties: {
        type: enumString(PRICE_TYPE_VALUES, DOC_LISTING_AD_PRICE, "`FIXED` (seen in the documents), `NEGOTIABLE` or `GIVE_AWAY` (reconstructed)."),
        amount: withSource(DOC_LISTING_AD_PRICE, { type: "number", description: "Amount in euros." }),
      },
      required: { type: AD_PRICE_PARTS, amount: AD_PRICE_PARTS },
    }),
    ListingCreateRequest: listingCreateRequest(),
    ListingUpdateRequest: listingUpdateRequest(),
    Listing: listing(),
    ListingCreated: object({
      description: "The new listing's UUID, the main handle for everything else.",
      source: CREATED_UUID,
      properties: { uuid: uuid(CREATED_UUID, "Listing UUID.") },
      required: { uuid: CREATED_UUID },
    }),

    // Publications
    PublicationLocation: publicationLocation(),
    PublicationCreateRequest: object({
      description:
        "Publishes the listing under an imprint: \"Include the Imprint UUID and any necessary location details in the payload.\" Field names and the location structure are our design (G-12): the fake also takes the imprint as `imprintId`, `imprint_uuid`, `imprintUUID` or `imprint`. A second publication under the same imprint is created (the fake's strict mode answers 409).",
      source: BODY_OBJECT,
      properties: {
        imprintUuid: uuid(G12_IMPRINT_NAME, "The imprint to publish under (from `POST /v1/imprints`). The name is our design (G-12).", G12_IMPRINT_NAME),
        location: { ...nullable(ref("PublicationLocation")), description: "Where the ad is shown; optional (\"any necessary location details\")." },
      },
      required: { imprintUuid: G12_IMPRINT_NAME },
      closed: SPRING_EXTRA_FIELDS,
    }),
    PublicationCreated: object({
      description: "Acknowledgement of the asynchronous publication: its UUID. Follow its status with `GET .../publications/{publicationUuid}`.",
      source: G12_ACCEPTED,
      properties: { uuid: uuid(G12_ACCEPTED, "Publication UUID.") },
      required: { uuid: G12_ACCEPTED },
    }),
    Publication: publication(),
    RepublishRequest: withSource(DOC_REPUBLISH_BODY, {
      type: "object",
      description: "The republish body \"must be an empty JSON object `{}`\".",
      properties: {},
      additionalProperties: false,
    }),
  };
}
