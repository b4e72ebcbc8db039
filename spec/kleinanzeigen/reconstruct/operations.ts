/** Building blocks of operations: parameters, bodies and the responses every goods operation shares. */
import { ref, type Json, type JsonObject } from "../../reconstruct/json.js";
import { DOC_PATH_UUID, DOC_PUBLICATION_UUID, DOC_UUID, sourced, type Source } from "./sources.js";

/** The example ids of the documents. */
export const LISTING_UUID = "123e4567-e89b-12d3-a456-426614174000";
export const PUBLICATION_UUID = "789e4567-e89b-12d3-a456-426614174999";
export const IMPRINT_UUID = "123e4567-e89b-12d3-a456-426614174000";
export const TICKET_UUID = "def45678-e89b-12d3-a456-426614174005";
/** Problem `instance` paths are the request path without `goods` (G-23), as in every example of the documents. */
export const INSTANCE_PREFIX = "/api/v1";

/** A query parameter; `schema` carries its sources, `required` is the source of `required: true`. */
export function query(name: string, schema: JsonObject, description: string, required?: Source, extra: JsonObject = {}): JsonObject {
  return {
    name,
    in: "query",
    required: required !== undefined,
    ...extra,
    schema,
    description,
    ...(required === undefined ? {} : { "x-source": { required } }),
  };
}

function pathParam(name: string, description: string, source: Source, example: string): JsonObject {
  return { name, in: "path", required: true, schema: sourced({ type: "string", format: "uuid" }, { "*": source, format: DOC_UUID }), description, example };
}

export const UUID_PARAM = pathParam("uuid", "Listing UUID.", DOC_PATH_UUID, LISTING_UUID);
export const PUBLICATION_UUID_PARAM = pathParam("publicationUuid", "Publication UUID.", DOC_PUBLICATION_UUID, PUBLICATION_UUID);

/** A JSON request body with its (complete, valid) example. */
export function jsonBody(schemaName: string, example: JsonObject, description?: string): JsonObject {
  return {
    required: true,
    ...(description === undefined ? {} : { description }),
    content: { "application/json": { schema: ref(schemaName), example } },
  };
}

export function jsonResponse(description: string, schema: JsonObject, example?: Json): JsonObject {
  return { description, content: { "application/json": { schema, ...(example === undefined ? {} : { example }) } } };
}

export const NO_CONTENT: JsonObject = { description: "No Content." };

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  410: "Gone",
  415: "Unsupported Media Type",
};

/**
 * A style-A problem body as Spring 6 writes it (the `localized*` members empty, as in every example). `members` are
 * further top-level members (Spring writes `ProblemDetail.properties` there): a validation error's `errors` (G-10).
 */
export function problemExample(status: number, detail: string, instance: string, members?: JsonObject): JsonObject {
  return {
    type: "about:blank",
    status,
    title: REASONS[status] ?? "Error",
    detail,
    instance: `${INSTANCE_PREFIX}${instance}`,
    ...members,
    localizedTitle: "",
    localizedDetail: "",
    localizedMessage: "",
  };
}

/** A style-B problem body (publication-state operations): upper-case title token, no `type`, no `localized*`. */
export function problemStyleBExample(status: number, detail: string, instance: string): JsonObject {
  return { status, title: (REASONS[status] ?? "Error").toUpperCase().replace(/ /g, "_"), detail, instance: `${INSTANCE_PREFIX}${instance}` };
}

export function problem(status: number, description: string, example: JsonObject): Record<string, JsonObject> {
  return { [String(status)]: jsonResponse(description, ref("Problem"), example) };
}

export function problemStyleB(status: number, description: string, example: JsonObject): Record<string, JsonObject> {
  return { [String(status)]: jsonResponse(description, ref("ProblemStyleB"), example) };
}

/** 400 of a body that failed validation (G-10): Spring 6's default detail, field errors in the top-level `errors`. */
export function validationProblem(instance: string, description: string, errors: { field: string; message: string }[]): Record<string, JsonObject> {
  return problem(400, description, problemExample(400, "Invalid request content.", instance, { errors }));
}

/** 401 and 403 of every goods operation (G-2, our design): style-A problems. */
export function authProblems(instance: string): Record<string, JsonObject> {
  return {
    ...problem(
      401,
      "Missing, invalid or expired access token (G-2: not documented; our design). Get a new token with `POST /oidc/token`.",
      problemExample(401, "Missing, invalid or expired access token", instance),
    ),
    ...problem(
      403,
      "The token is valid but not for this API (another audience than `consumer-goods-api`) (G-2: not documented; our design).",
      problemExample(403, "The access token is not valid for the audience consumer-goods-api", instance),
    ),
  };
}

/** Response maps are written in status order. */
export function responses(...parts: Record<string, JsonObject>[]): JsonObject {
  const all: Record<string, JsonObject> = Object.assign({}, ...parts);
  const out: JsonObject = {};
  for (const status of Object.keys(all).sort()) {
    const response = all[status];
    if (response !== undefined) out[status] = response;
  }
  return out;
}
