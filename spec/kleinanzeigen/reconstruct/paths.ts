/**
 * The operations. Goods paths are `/v1/...` in the operation pages' plural form (the guides' `/listing/{listing_uuid}`
 * and `/publication/` are shorthand, G-3); the token operation has its own server. Success statuses follow G-4.
 */
import { ref, type JsonObject } from "../../reconstruct/json.js";
import { tokenEndpoint } from "./config.js";
import {
  authProblems, IMPRINT_UUID, jsonBody, jsonResponse, LISTING_UUID, NO_CONTENT, problem, problemExample, problemStyleB,
  problemStyleBExample, PUBLICATION_UUID, PUBLICATION_UUID_PARAM, query, responses, TICKET_UUID, UUID_PARAM, validationProblem,
} from "./operations.js";
import {
  DELETE_URLS_REQUIRED, DOC_DELETE_URLS, DOC_LISTING_URLS, DOC_REPUBLISH_STATE, DOC_SOFT_DELETE, DOC_STATE_REQUIRED, DOC_STATE_VALUES,
  DOC_UPDATE_APPLIES, G12_ONE_PER_IMPRINT, G13_LIST, G13_REJECTION, G14_DELETED_PUBLICATION, G15_PENDING, G15_REJECTED, G17_NON_EMPTY,
  GUIDE_IMAGES_REPUBLISH, GUIDE_TICKET_EXPIRES, GUIDE_TICKET_ONCE, sourced, withSource, type Source,
} from "./sources.js";

/**
 * A behaviour of the server an operation declares (`x-rules`): an answer in some state, with its source. The
 * undocumented ones are listed in PROVENANCE.md; the fake keeps them for its strict mode.
 */
function behaviour(rule: string, description: string, source: Source, status?: number): JsonObject {
  return { rule, ...(status === undefined ? {} : { status }), description, source };
}

/** What no document names: a reason to reject (the fake's strict mode only, G-13). */
const REJECTION_RULE = behaviour(
  "rejected-without-title-description-category-or-price",
  "The validation ends REJECTED when the listing lacks a title, description, category or numeric price (strict mode).",
  G13_REJECTION,
);

type Paths = Record<string, Record<string, JsonObject>>;

const LISTING = `/listings/${LISTING_UUID}`;
const PUBLICATION = `${LISTING}/publications/${PUBLICATION_UUID}`;

/** The documents' listing example (getlisting). */
export const LISTING_EXAMPLE: JsonObject = {
  uuid: "dfe2ec14-56ec-40a1-9837-d777d850347b",
  category: "Spielzeug",
  title: "My Listing",
  description: "Description of my listing",
  attributes: { art: "actionfiguren", condition: "like_new", versand: "ja" },
  adType: "OFFER",
  adPrice: { type: "FIXED", amount: 100 },
  userId: "11111111-k6gd-4113-b395-5459ec678ddd",
  email: "john@abc.com",
  phoneNumber: "123456789",
  customReference: "4345339",
  contactPerson: "John Doe",
  buyNow: false,
  urls: [],
};

/** The documents' update example (updatelisting). */
export const LISTING_UPDATE_EXAMPLE: JsonObject = {
  category: "Familie_Kind_Baby/Spielzeug",
  title: "Updated Listing Title",
  description: "Updated description",
  price: { type: "FIXED", amount: 120 },
};

/** Create: every field of the update body, in the documents' values. */
export const LISTING_CREATE_EXAMPLE: JsonObject = {
  category: "Familie_Kind_Baby/Spielzeug",
  title: "My Listing",
  description: "Description of my listing",
  attributes: { art: "actionfiguren", condition: "like_new", versand: "ja" },
  adType: "OFFER",
  price: { type: "FIXED", amount: 100 },
  email: "john@abc.com",
  phoneNumber: "123456789",
  customReference: "4345339",
  contactPerson: "John Doe",
  buyNow: false,
};

const PUBLICATION_EXAMPLE: JsonObject = {
  uuid: PUBLICATION_UUID,
  listingUuid: LISTING_UUID,
  imprintUuid: IMPRINT_UUID,
  status: "PUBLISHED",
  statusReason: null,
  location: { zipCode: "10115", city: "Berlin", latitude: null, longitude: null },
  createdAt: "2023-12-01T11:00:00Z",
  updatedAt: "2023-12-01T11:02:00Z",
  pendingChanges: false,
  adId: "2671234567",
};

const LISTING_NOT_FOUND = (instance: string): Record<string, JsonObject> =>
  problem(404, "Couldn't find a listing for the specified UUID (also a deleted listing, G-14, or another account's, G-26).", problemExample(404, "Listing not found", instance));

function imprints(): Paths {
  return {
    "/v1/imprints": {
      post: {
        operationId: "createimprint",
        tags: ["imprints"],
        summary: "Create an imprint",
        description:
          "Creates a new imprint (legal \"Impressum\" text) owned by the authenticated account; its UUID is needed to publish a listing. Only create is documented: there is no list, get, update or delete (G-21). 201 is our reading of the page, whose status is not visible (G-4).",
        requestBody: jsonBody("ImprintCreateRequest", {
          content: "Muster Spielwaren GmbH, Musterstraße 1, 10115 Berlin. Geschäftsführer: Max Mustermann. Amtsgericht Berlin-Charlottenburg HRB 123456. USt-IdNr. DE123456789",
        }),
        responses: responses(
          { "201": jsonResponse("Imprint created successfully", ref("ImprintCreated"), { uuid: IMPRINT_UUID }) },
          problem(400, "Bad Request - Invalid data or validation error", problemExample(400, "Failed to read request", "/imprints")),
          authProblems("/imprints"),
        ),
      },
    },
  };
}

function media(): Paths {
  return {
    "/v1/media": {
      post: {
        operationId: "requestticket",
        tags: ["media"],
        summary: "Request a media upload ticket",
        description:
          "Creates an upload ticket for one image and returns a presigned URL: PUT the bytes there (directly to storage; the API is not involved), then attach the ticket with `PUT /v1/listings/{uuid}/media` before `expireAt`. The ticket is not tied to a listing when issued. The TTL and the presigned PUT's headers are not documented (G-9). 201 is our reading (G-4).",
        requestBody: jsonBody("MediaTicketRequest", { mediaType: "image/jpeg" }),
        responses: responses(
          {
            "201": jsonResponse("Media upload ticket created successfully", ref("MediaTicket"), {
              ticketUuid: TICKET_UUID,
              signedPutUrl: "https://s3.url",
              expireAt: "2023-12-01T11:30:00Z",
            }),
          },
          problem(400, "Bad request", problemExample(400, "Failed to read request", "/media")),
          authProblems("/media"),
          problem(
            415,
            "Unsupported Media Type: `mediaType` is neither `image/jpeg` nor `image/png`.",
            problemExample(415, "Unsupported media type: 'image/gif'. Supported types are: image/jpeg, image/png", "/media"),
          ),
        ),
      },
    },
    "/v1/listings/{uuid}/media": {
      put: {
        "x-rules": [
          behaviour("ticket-used-once", "A ticket attached once is refused after (409: the status is our design, G-8).", GUIDE_TICKET_ONCE, 409),
          behaviour("ticket-expires", "An expired ticket is refused (410: the status is our design, G-8).", GUIDE_TICKET_EXPIRES, 410),
        ],
        operationId: "addmedia",
        tags: ["media"],
        summary: "Attach an uploaded image to a listing",
        description:
          "Attaches the image uploaded with a ticket; its URL is appended to the listing's `urls`. \"A Ticket UUID can only be used once successfully\": a failed attach does not use it up. Only the guide describes this call: path, payload field (G-7), status and errors (G-8) are our design. The public ad shows the image after a republish (G-19).",
        parameters: [UUID_PARAM],
        requestBody: jsonBody("MediaAttachRequest", { ticketUuid: TICKET_UUID }),
        responses: responses(
          { "204": NO_CONTENT },
          problem(400, "The ticket's file was never uploaded to the presigned URL (G-8); the ticket stays usable.", problemExample(400, `No file was uploaded for ticket ${TICKET_UUID}`, `${LISTING}/media`)),
          authProblems(`${LISTING}/media`),
          problem(
            404,
            "The listing or the ticket does not exist (a ticket issued to another account is not found either, G-8).",
            problemExample(404, `Ticket ${TICKET_UUID} not found`, `${LISTING}/media`),
          ),
          problem(409, "The ticket was already used successfully (G-8).", problemExample(409, `Ticket ${TICKET_UUID} has already been used`, `${LISTING}/media`)),
          problem(410, "The ticket expired (`expireAt` passed) (G-8).", problemExample(410, `Ticket ${TICKET_UUID} expired at 2023-12-01T11:30:00Z`, `${LISTING}/media`)),
        ),
      },
      delete: {
        operationId: "deletemedia",
        tags: ["media"],
        summary: "Delete images of a listing",
        description:
          "Removes the given images; take the URLs from the listing's `urls`. Idempotent (G-17): a URL that is not an image of the listing (already deleted, or never there) is ignored, so a retried delete answers 204 again; a URL given twice is deleted once; deleting the last image is allowed; a missing or empty list deletes nothing (the fake's strict mode answers 400). URLs are matched exactly. The list is split at commas, so a URL containing a comma cannot be deleted this way. The public ad shows the change after a republish (G-19).",
        parameters: [
          UUID_PARAM,
          query(
            "urls",
            sourced({ type: "array", items: withSource(DOC_LISTING_URLS, { type: "string" }), minItems: 1 }, { "*": DOC_DELETE_URLS, minItems: G17_NON_EMPTY }),
            "The image URLs to delete, comma-separated (`?urls=url_path_1,url_path_2`), each percent-encoded.",
            DELETE_URLS_REQUIRED,
            { style: "form", explode: false, example: ["url_path_1", "url_path_2"] },
          ),
        ],
        responses: responses(
          { "204": NO_CONTENT },
          problem(
            400,
            "The `urls` list is missing or empty: nothing to delete (G-17; the fake's strict mode only).",
            problemExample(400, "Required parameter 'urls' must name at least one image URL", `${LISTING}/media`),
          ),
          authProblems(`${LISTING}/media`),
          LISTING_NOT_FOUND(`${LISTING}/media`),
        ),
      },
    },
    "/v1/listings/{uuid}/media/order": {
      put: {
        operationId: "ordermedia",
        tags: ["media"],
        summary: "Reorder the images of a listing",
        description:
          "Sets the order of the listing's images; the first becomes the cover. The body \"must hold exactly the set of URLs already on the listing\": no additions or removals. Shape and status are our design (G-18, G-4).",
        parameters: [UUID_PARAM],
        requestBody: jsonBody("MediaOrderRequest", { urls: ["url_path_2", "url_path_1"] }),
        responses: responses(
          { "204": NO_CONTENT },
          problem(
            400,
            "The URLs are not exactly the listing's set (one added, missing or repeated) (G-18).",
            problemExample(400, "The URLs must be exactly the URLs of the listing, each once", `${LISTING}/media/order`),
          ),
          authProblems(`${LISTING}/media/order`),
          LISTING_NOT_FOUND(`${LISTING}/media/order`),
        ),
      },
    },
  };
}

function listings(): Paths {
  return {
    "/v1/listings": {
      post: {
        operationId: "createlisting",
        tags: ["listings"],
        summary: "Create a listing",
        description:
          "Creates a listing and returns its UUID. It is not visible on Kleinanzeigen until a publication of it is validated. The operation page is not available: body (G-5), response and status (G-4) are our design.",
        requestBody: jsonBody("ListingCreateRequest", LISTING_CREATE_EXAMPLE),
        responses: responses(
          { "201": jsonResponse("Listing created.", ref("ListingCreated"), { uuid: "dfe2ec14-56ec-40a1-9837-d777d850347b" }) },
          validationProblem("/listings", "Invalid data or validation error (G-10); malformed JSON answers `Failed to read request`.", [{ field: "title", message: "must not be blank" }]),
          authProblems("/listings"),
        ),
      },
    },
    "/v1/listings/{uuid}": {
      get: {
        operationId: "getlisting",
        tags: ["listings"],
        summary: "Get a listing",
        description: "Fetches one listing by UUID. The listing must belong to the authenticated account.",
        parameters: [UUID_PARAM],
        responses: responses(
          { "200": jsonResponse("Successfully returned listing details for the specified uuid", ref("Listing"), LISTING_EXAMPLE) },
          authProblems(LISTING),
          LISTING_NOT_FOUND(LISTING),
        ),
      },
      put: {
        "x-rules": [
          behaviour("update-applies-to-every-publication", "An update applies to every publication of the listing at once.", DOC_UPDATE_APPLIES),
          behaviour("image-changes-need-a-republish", "Image changes (attach, delete, reorder) reach the public ad with a republish.", GUIDE_IMAGES_REPUBLISH),
        ],
        operationId: "updatelisting",
        tags: ["listings"],
        summary: "Update a listing",
        description:
          "Partial update: send only the fields that change. Absent fields stay, `null` clears (G-11). \"The update also applies to every publication linked to the listing\" (the operation page): no republish is needed for it (image changes do need one, G-19); the guide's republish afterwards is harmless.",
        parameters: [UUID_PARAM],
        requestBody: jsonBody("ListingUpdateRequest", LISTING_UPDATE_EXAMPLE, "Listing data to be update"),
        responses: responses(
          { "204": { description: "Listing updated successfully for the specified uuid" } },
          validationProblem(LISTING, "Invalid data (G-10: not documented for listings; our design).", [{ field: "price.amount", message: "must not be null" }]),
          authProblems(LISTING),
          LISTING_NOT_FOUND(LISTING),
        ),
      },
      delete: {
        "x-rules": [behaviour("soft-delete-again-is-204", "Deleting a deleted listing again answers 204 (a soft delete is idempotent).", DOC_SOFT_DELETE)],
        operationId: "deletelisting",
        tags: ["listings"],
        summary: "Delete a listing",
        description:
          "Marks the listing deleted (a soft delete) and every publication of it `DELETED` (G-14). Deleting a deleted listing again answers 204, as the first time: a retried delete (after a lost answer) is not a failure. Otherwise the deleted listing is not found: GET, PUT, media calls and publishing answer 404; its publications stay readable (status `DELETED`). 204 is our reading (G-4).",
        parameters: [UUID_PARAM],
        responses: responses({ "204": { description: "Listing deleted successfully" } }, authProblems(LISTING), LISTING_NOT_FOUND(LISTING)),
      },
    },
  };
}

function publications(): Paths {
  const republishState = query(
    "requestedState",
    withSource(DOC_REPUBLISH_STATE, { type: "string", enum: ["PUBLISHED", "PAUSED"] }),
    "`PUBLISHED` makes the ad (or keeps it) visible after validation; `PAUSED` pushes the changes but keeps it paused.",
    DOC_REPUBLISH_STATE,
    { example: "PUBLISHED" },
  );
  const newState = query(
    "requestedState",
    sourced({ type: "string", enum: ["PAUSED", "RESUMED"] }, { "*": DOC_STATE_REQUIRED, enum: DOC_STATE_VALUES }),
    "`PAUSED` hides the ad, `RESUMED` shows it again.",
    DOC_STATE_REQUIRED,
    { example: "PAUSED" },
  );
  const badState = (instance: string): Record<string, JsonObject> =>
    problemStyleB(
      409,
      "The transition is not allowed (G-15, G-14; the fake's strict mode only, see `x-rules`): the publication is `PENDING`, `REJECTED` (state change only) or `DELETED`.",
      problemStyleBExample(409, `Publication ${PUBLICATION_UUID} is PENDING and cannot change state`, instance),
    );
  const whilePending = (what: string) => behaviour(`no-${what}-while-pending`, `409 while the publication is PENDING (strict mode).`, G15_PENDING, 409);
  const whileDeleted = (what: string) => behaviour(`no-${what}-once-deleted`, `409 once the publication is DELETED (strict mode).`, G14_DELETED_PUBLICATION, 409);
  return {
    "/v1/listings/{uuid}/publications": {
      post: {
        "x-rules": [
          behaviour("one-publication-per-imprint", "A second publication of the listing under the same imprint answers 409 (strict mode).", G12_ONE_PER_IMPRINT, 409),
          REJECTION_RULE,
        ],
        operationId: "createpublication",
        tags: ["publications"],
        summary: "Publish a listing",
        description:
          "Publishes the listing under an imprint. The API acknowledges the request, starts the asynchronous ad creation and returns the Publication UUID; the publication is `PENDING` until validated, then `PUBLISHED` or `REJECTED` (G-13; no rejection reason is documented). Payload (G-12) and status 202 (G-4) are our design. Without an idempotency key, a create whose answer was lost is settled by reading the listing's publications (\"find statuses and associated imprints\").",
        parameters: [UUID_PARAM],
        requestBody: jsonBody("PublicationCreateRequest", { imprintUuid: IMPRINT_UUID, location: { zipCode: "10115", city: "Berlin" } }),
        responses: responses(
          { "202": jsonResponse("Accepted: the ad is created asynchronously.", ref("PublicationCreated"), { uuid: PUBLICATION_UUID }) },
          validationProblem(`${LISTING}/publications`, "Invalid data, or the imprint does not exist (a field error on `imprintUuid`) (G-10, G-12).", [
            { field: "imprintUuid", message: "imprint not found" },
          ]),
          authProblems(`${LISTING}/publications`),
          LISTING_NOT_FOUND(`${LISTING}/publications`),
          problem(
            409,
            "The listing already has a publication under this imprint (G-12; the fake's strict mode only): republish that one instead.",
            problemExample(409, `Listing ${LISTING_UUID} already has a publication for imprint ${IMPRINT_UUID}`, `${LISTING}/publications`),
          ),
        ),
      },
      get: {
        operationId: "getpublications",
        tags: ["publications"],
        summary: "List the publications of a listing",
        description: "The listing's publications with their statuses and imprints. Not paginated (G-24). Still readable after the listing was deleted (all `DELETED`, G-14).",
        parameters: [UUID_PARAM],
        responses: responses(
          { "200": jsonResponse("The listing's publications.", withSource(G13_LIST, { type: "array", items: ref("Publication") }), [PUBLICATION_EXAMPLE]) },
          authProblems(`${LISTING}/publications`),
          problem(
            404,
            "The listing never existed or belongs to another account (a deleted listing's publications stay readable, G-14).",
            problemExample(404, "Listing not found", `${LISTING}/publications`),
          ),
        ),
      },
    },
    "/v1/listings/{uuid}/publications/{publicationUuid}": {
      get: {
        operationId: "getpublication",
        tags: ["publications"],
        summary: "Get a publication",
        description: "Detailed status of one publication (G-13).",
        parameters: [UUID_PARAM, PUBLICATION_UUID_PARAM],
        responses: responses(
          { "200": jsonResponse("The publication.", ref("Publication"), PUBLICATION_EXAMPLE) },
          authProblems(PUBLICATION),
          problem(
            404,
            "The listing or the publication does not exist, or the publication belongs to another listing.",
            problemExample(404, `Publication ${PUBLICATION_UUID} not found`, PUBLICATION),
          ),
        ),
      },
      put: {
        "x-rules": [whilePending("republish"), whileDeleted("republish"), REJECTION_RULE],
        operationId: "updatepublication",
        tags: ["publications"],
        summary: "Republish a publication",
        description:
          "Pushes the listing's current content (image changes above all, G-19) to the public ad: the publication goes `PENDING` and, once validated, `PUBLISHED` or `PAUSED` as requested (or `REJECTED`). Asynchronous. While `PENDING` a republish starts the validation again; on a `DELETED` publication it changes nothing (the fake's strict mode answers 409 to both, G-15, G-14). The guides' call (`/publication/` is their shorthand for `/publications/`, G-3); errors are style B like the `/state` operation's (our design).",
        parameters: [UUID_PARAM, PUBLICATION_UUID_PARAM, republishState],
        requestBody: jsonBody("RepublishRequest", {}, "Must be the empty JSON object `{}`."),
        responses: responses(
          { "204": { description: "No Content: the republish runs asynchronously." } },
          problemStyleB(
            400,
            "The publication does not belong to the listing, `requestedState` is missing or invalid (G-16), or the body is not `{}`.",
            problemStyleBExample(400, `Publication ${PUBLICATION_UUID} does not belong to the Listing ${LISTING_UUID}.`, `${PUBLICATION}?requestedState=PUBLISHED`),
          ),
          authProblems(PUBLICATION),
          problemStyleB(404, "The listing or the publication does not exist.", problemStyleBExample(404, `Publication ${PUBLICATION_UUID} not found`, `${PUBLICATION}?requestedState=PUBLISHED`)),
          badState(`${PUBLICATION}?requestedState=PUBLISHED`),
        ),
      },
    },
    "/v1/listings/{uuid}/publications/{publicationUuid}/state": {
      put: {
        "x-rules": [
          whilePending("state-change"),
          behaviour("no-state-change-while-rejected", "409 while the publication is REJECTED (strict mode).", G15_REJECTED, 409),
          whileDeleted("state-change"),
        ],
        operationId: "updatepublicationstate",
        tags: ["publications"],
        summary: "Pause or resume a publication",
        description:
          "Changes the visibility of one publication: `PAUSED` hides a `PUBLISHED` ad, `RESUMED` shows a `PAUSED` one again (it becomes `PUBLISHED`). Asking for the state it already has is a no-op (204). Which transitions are allowed is not documented (G-15): while `PENDING` the request sets the state the validation ends in; on a `REJECTED` or `DELETED` publication it changes nothing (the fake's strict mode answers 409 to all three). No body.",
        parameters: [UUID_PARAM, PUBLICATION_UUID_PARAM, newState],
        responses: responses(
          { "204": { description: "No Content" } },
          problemStyleB(
            400,
            "Bad Request - Validation or Logic Error: the publication does not belong to the listing (\"ID Mismatch\"), or `requestedState` is missing or invalid (G-16).",
            {
              status: 400,
              title: "BAD_REQUEST",
              detail: `Publication ${PUBLICATION_UUID} does not belong to the Listing ${LISTING_UUID}.`,
              instance: `/api/v1${PUBLICATION}`,
            },
          ),
          authProblems(`${PUBLICATION}/state`),
          problemStyleB(404, "Publication Not Found", {
            status: 404,
            title: "NOT_FOUND",
            detail: `Publication ${PUBLICATION_UUID} not found`,
            instance: `/api/v1${PUBLICATION}?requestedState=PAUSED`,
          }),
          badState(`${PUBLICATION}?requestedState=PAUSED`),
        ),
      },
    },
  };
}

function token(): Paths {
  const { server, path } = tokenEndpoint();
  const tokenError = (description: string, example: JsonObject): JsonObject =>
    jsonResponse(description, ref("TokenError"), example);
  return {
    [path]: {
      post: {
        operationId: "gettoken",
        tags: ["auth"],
        summary: "Get an access token",
        description:
          "OAuth 2.0 client-credentials grant on the auth API (`/v2`). Tokens expire after `expires_in` seconds; there is no refresh token: call again. Keep the client secret server-side.",
        servers: [{ url: server }],
        security: [],
        requestBody: {
          required: true,
          content: {
            "application/x-www-form-urlencoded": {
              schema: ref("TokenRequest"),
              example: { grant_type: "client_credentials", client_id: "my-client-id", client_secret: "my-client-secret", audience: "consumer-goods-api" },
            },
          },
        },
        responses: responses(
          {
            "200": jsonResponse("An access token.", ref("TokenResponse"), {
              access_token: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...",
              token_type: "bearer",
              expires_in: 3600,
            }),
          },
          {
            "400": tokenError("A required parameter is missing or the request is malformed (`invalid_request`); also `invalid_grant`, `unauthorized_client`, `unsupported_grant_type` (G-25).", {
              error: "invalid_request",
              error_description: "Description of the error",
            }),
            "401": tokenError("Client authentication failed (`invalid_client`; the status is our design, G-25, after RFC 6749 section 5.2).", {
              error: "invalid_client",
              error_description: "Client authentication failed",
            }),
          },
        ),
      },
    },
  };
}

export function allPaths(): Paths {
  return { ...imprints(), ...media(), ...listings(), ...publications(), ...token() };
}
