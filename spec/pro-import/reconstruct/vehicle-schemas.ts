/** Per vehicle type: request bodies, response, page, category fields, and the create example, all from one table. */
import { categoryFieldsSchema, exampleCategoryFields } from "./category-fields.js";
import { pascal, resource } from "./config.js";
import { nullable, ref, type JsonObject } from "../../reconstruct/json.js";
import { adResponseSchema, COMMON_REQUEST_PROPERTIES, forbidden, SOURCE_ID_PROPERTY } from "./shared.js";
import {
  DOC_CATEGORY_FIELDS, DOC_CATEGORY_ID, DOC_CONTACT, DOC_MERGE_FIELDS, DOC_MIGRATE_COMPLETE, MIGRATE_NO_CATEGORY, DOC_REQUEST_FIELDS,
  DOC_NO_CONTACT, DOC_NO_TITLE, DOC_PRICE, DOC_SOURCE_ID, DOC_TITLE, DRF_BLANK, DRF_EXTRA_FIELDS, DRF_PAGE, inferred,
  object, sourced, V4_FIELD_TABLE, withSource, type Source,
} from "./sources.js";
import type { VehicleTable } from "./table.js";

type Mode = "create" | "update" | "patch" | "migrate";

const CATEGORY_OF_ENDPOINT = (label: string, ids: number[]): Source =>
  inferred(
    `The category table lists ${label} as ${ids.join(" and ")}; the typed endpoint presumably accepts only ${ids.length > 1 ? "these ids" : "its own id"} (on migrate the category "is determined by the endpoint URL").`,
  );

/** The four request bodies differ only in these switches; keeping them in one function keeps them consistent. */
function requestSchema(table: VehicleTable, mode: Mode): JsonObject {
  const P = pascal(table.type);
  const { categoryId, registered, otherCategoryIds } = resource(table.type);
  const categoryIds = [categoryId, ...(otherCategoryIds ?? [])];
  // PUT and PATCH are the same partial update ("PUT and PATCH are functionally equivalent"): nothing is required.
  const isUpdate = mode === "update" || mode === "patch";
  const priceItem = registered ? (isUpdate ? "RegisteredUpdatePrice" : "RegisteredCreatePrice") : isUpdate ? "UpdatePrice" : "CreatePrice";
  const c = COMMON_REQUEST_PROPERTIES;

  const properties: Record<string, JsonObject> = {};
  const required: Record<string, Source> = {};
  if (mode === "create") {
    properties["source_id"] = SOURCE_ID_PROPERTY;
    required["source_id"] = DOC_SOURCE_ID;
  }
  properties["dealer_code"] = c["dealer_code"] ?? {};
  if (mode === "migrate") {
    properties["category_id"] = forbidden(MIGRATE_NO_CATEGORY, "Not to be sent: \"it is determined by the endpoint URL\" (the documents do not say the server refuses it).");
  } else {
    const constraint: JsonObject = categoryIds.length === 1 ? { const: categoryId } : { enum: categoryIds };
    properties["category_id"] = sourced(
      { type: "integer", ...constraint, description: `Category id of ${table.label}: ${categoryIds.join(" or ")} on this endpoint.` },
      { type: DOC_CATEGORY_ID, [categoryIds.length === 1 ? "const" : "enum"]: CATEGORY_OF_ENDPOINT(table.label, categoryIds) },
    );
    if (mode === "create") required["category_id"] = DOC_CATEGORY_ID;
  }
  if (registered) {
    properties["title"] = forbidden(DOC_NO_TITLE, "Must not be sent for a registered vehicle: the title is generated automatically (400 if sent).");
  } else {
    properties["title"] = sourced({ type: "string", minLength: 1, description: "Ad title. \"Required for: boat, truck, bus, construction, and agriculture categories.\"" }, { type: V4_FIELD_TABLE("title | string | Both | Depends"), minLength: DRF_BLANK });
    if (!isUpdate) required["title"] = DOC_TITLE;
  }
  properties["body"] = c["body"] ?? {};
  properties["visible"] = c["visible"] ?? {};
  properties["price"] = nullable(
    withSource(DOC_PRICE, {
      type: "array",
      items: ref(priceItem),
      description: registered
        ? "Prices. `leasing` is allowed (registered vehicle category); `reduced` only on PUT/PATCH."
        : "Prices. `leasing` is only supported by registered vehicle categories; `reduced` only on PUT/PATCH.",
    }),
  );
  properties["image_urls"] = c["image_urls"] ?? {};
  properties["url"] = c["url"] ?? {};
  properties["video_url"] = c["video_url"] ?? {};
  properties["location"] = {
    ...nullable(ref(registered ? "RegisteredLocation" : "Location")),
    description: registered
      ? "Coordinates or zipcode; lkf is not supported for registered vehicles. Omitted or null: the dealer's address."
      : "Coordinates, zipcode or lkf. Omitted or null: the dealer's address.",
  };
  if (registered) {
    properties["contact"] = forbidden(DOC_NO_CONTACT, "Must not be sent for a registered vehicle (400 if sent).");
  } else {
    properties["contact"] = ref("Contact");
    if (!isUpdate) required["contact"] = DOC_CONTACT;
  }
  // An update is a merge patch of this schema (api.config.json `mergePatch`): the generators let it send any part of
  // the category fields, and check these, required attributes included, on the ad with the patch merged in.
  properties["category_fields"] = ref(`${P}CategoryFields`);
  if (mode === "create") required["category_fields"] = DOC_CATEGORY_FIELDS;
  if (mode === "migrate") required["category_fields"] = DOC_MIGRATE_COMPLETE;
  properties["dont_publish_on_failed_images"] = c["dont_publish_on_failed_images"] ?? {};
  properties["product_declaration"] = c["product_declaration"] ?? {};

  const registeredNote = registered
    ? " Registered vehicle: `title` and `contact` must not be sent (the title is generated; sending either is a 400)."
    : " Non-registered vehicle: `title` and `contact` are required on create.";
  const what = {
    create: `Create (and validate) body for POST /v4/${table.type}.`,
    update: `PUT body for /v4/${table.type}/{source_id}: a merge patch exactly like PATCH ("PUT and PATCH are functionally equivalent"): any part of the ad may be sent, nested objects included, and deep-merges into the stored ad (a nested key set to \`null\` is removed, \`null\` clears a nullable field); the rules of nested objects (contact's email, latitude with longitude, required category fields) apply to the ad with the patch merged in.`,
    patch: `PATCH body for /v4/${table.type}/{source_id}: a merge patch: any part of the ad may be sent, nested objects included, and deep-merges into the stored ad (a nested key set to \`null\` is removed, \`null\` clears a nullable field); the rules of nested objects apply to the ad with the patch merged in.`,
    migrate: `Body for POST /v4/${table.type}/{source_id}/migrate: a complete V4 payload without category_id (\"it is determined by the endpoint URL\").`,
  }[mode];
  return object({
    description: `${what}${registeredNote} Read-only fields of the ad (\`id\`, \`state\`, ...) are ignored; other unknown fields are warnings.`,
    source: isUpdate ? DOC_MERGE_FIELDS : DOC_REQUEST_FIELDS,
    properties,
    required,
    closed: DRF_EXTRA_FIELDS,
  });
}

/** The complete, valid create example for a vehicle type (README: every create body has one). */
export function createExample(table: VehicleTable): JsonObject {
  const { categoryId, registered } = resource(table.type);
  const prices: JsonObject[] = [{ type: "list", amount: table.example.price, currency: "SEK" }];
  if (registered && table.example.leasing !== undefined) prices.push({ type: "leasing", amount: table.example.leasing, currency: "SEK" });
  return {
    source_id: table.example.sourceId,
    category_id: categoryId,
    ...(registered ? {} : { title: table.example.title }),
    body: table.example.body,
    visible: true,
    price: prices,
    image_urls: [
      `https://cdn.example.com/${table.type}/${table.example.sourceId}/1.jpg`,
      `https://cdn.example.com/${table.type}/${table.example.sourceId}/2.jpg`,
    ],
    url: `https://www.bilhandlare-exempel.se/${table.type}/${table.example.sourceId}`,
    location: { zipcode: "11122" },
    ...(registered ? {} : { contact: { name: "Anna Svensson", phone: "+46701234567", email: "anna.svensson@example.com" } }),
    category_fields: exampleCategoryFields(table),
    dont_publish_on_failed_images: false,
  };
}

/** Migrate bodies: the same payload without category_id (from the URL) and source_id (in the path). */
export function migrateExample(table: VehicleTable): JsonObject {
  const { category_id: _categoryId, source_id: _sourceId, ...rest } = createExample(table);
  return rest;
}

/** PUT example: create without source_id, showing the `reduced` price that only updates accept. */
export function updateExample(table: VehicleTable): JsonObject {
  const { source_id: _sourceId, ...rest } = createExample(table);
  const reduced = Math.round((table.example.price * 0.9) / 100) * 100;
  return { ...rest, price: [{ type: "list", amount: table.example.price, currency: "SEK" }, { type: "reduced", amount: reduced, currency: "SEK" }] };
}

export function vehicleSchemas(table: VehicleTable): Record<string, JsonObject> {
  const P = pascal(table.type);
  const { registered } = resource(table.type);
  return {
    [`${P}Request`]: requestSchema(table, "create"),
    [`${P}UpdateRequest`]: requestSchema(table, "update"),
    [`Patched${P}UpdateRequest`]: requestSchema(table, "patch"),
    [`${P}MigrateRequest`]: requestSchema(table, "migrate"),
    [`${P}CategoryFields`]: categoryFieldsSchema(table),
    [`${P}Ad`]: adResponseSchema(`An ad of ${table.label} (category ${resource(table.type).categoryId}).`, ref(`${P}CategoryFields`), registered),
    [`Paginated${P}AdList`]: object({
      source: DRF_PAGE,
      properties: {
        count: withSource(DRF_PAGE, { type: "integer", minimum: 0 }),
        next: nullable(withSource(DRF_PAGE, { type: "string", format: "uri" })),
        previous: nullable(withSource(DRF_PAGE, { type: "string", format: "uri" })),
        results: withSource(DRF_PAGE, { type: "array", items: ref(`${P}Ad`) }),
      },
      required: { count: DRF_PAGE, results: DRF_PAGE },
    }),
  };
}
