/** Per vehicle type: request bodies, response, page, category fields, and the create example, all from one table. */
import { categoryFieldsSchema, exampleCategoryFields, patchedCategoryFieldsSchema } from "./category-fields.js";
import { pascal, resource } from "./config.js";
import { nullable, ref, type JsonObject } from "./json.js";
import { adResponseSchema, COMMON_REQUEST_PROPERTIES, SOURCE_ID_PROPERTY } from "./shared.js";
import type { VehicleTable } from "./table.js";

type Mode = "create" | "update" | "patch" | "migrate";

/** The four request bodies differ only in these switches; keeping them in one function keeps them consistent. */
function requestSchema(table: VehicleTable, mode: Mode): JsonObject {
  const P = pascal(table.type);
  const { categoryId, registered } = resource(table.type);
  const isUpdate = mode === "update" || mode === "patch";
  const priceItem = registered ? (isUpdate ? "RegisteredUpdatePrice" : "RegisteredCreatePrice") : isUpdate ? "UpdatePrice" : "CreatePrice";
  // Update bodies accept null on optional fields ("To clear a field, explicitly set it to null").
  const clearable = (schema: JsonObject): JsonObject => (isUpdate ? nullable(schema) : schema);
  const c = COMMON_REQUEST_PROPERTIES;

  const properties: Record<string, JsonObject> = {};
  if (mode === "create") properties["source_id"] = SOURCE_ID_PROPERTY;
  properties["dealer_code"] = c["dealer_code"] ?? {};
  if (mode !== "migrate") {
    properties["category_id"] = { type: "integer", const: categoryId, description: `Category id of ${table.label}: always ${categoryId} on this endpoint.` };
  }
  if (!registered) {
    properties["title"] = { type: "string", minLength: 1, description: "Ad title. \"Required for: boat, truck, bus, construction, and agriculture categories.\"" };
  }
  properties["body"] = clearable(c["body"] ?? {});
  properties["visible"] = c["visible"] ?? {};
  properties["price"] = {
    type: "array",
    items: ref(priceItem),
    description: registered
      ? "Prices. `leasing` is allowed (registered vehicle category); `reduced` only on PUT/PATCH."
      : "Prices. `leasing` is only supported by registered vehicle categories; `reduced` only on PUT/PATCH.",
  };
  properties["image_urls"] = c["image_urls"] ?? {};
  properties["url"] = clearable(c["url"] ?? {});
  properties["video_url"] = clearable(c["video_url"] ?? {});
  properties["location"] = {
    ...nullable(ref(registered ? "RegisteredLocation" : "Location")),
    description: registered
      ? "Coordinates or zipcode; lkf is not supported for registered vehicles. Omitted or null: the dealer's address."
      : "Coordinates, zipcode or lkf. Omitted or null: the dealer's address.",
  };
  if (!registered) properties["contact"] = ref("Contact");
  properties["category_fields"] = ref(mode === "patch" ? `Patched${P}CategoryFields` : `${P}CategoryFields`);
  properties["dont_publish_on_failed_images"] = c["dont_publish_on_failed_images"] ?? {};
  properties["product_declaration"] = clearable(c["product_declaration"] ?? {});

  const required: string[] = [];
  if (mode !== "patch") {
    if (mode === "create") required.push("source_id");
    if (mode !== "migrate") required.push("category_id");
    if (!registered) required.push("title", "contact");
    required.push("category_fields");
  }
  const registeredNote = registered
    ? " Registered vehicle: `title` and `contact` must not be sent (the title is generated; sending either is a 400), hence `additionalProperties: false`."
    : " Non-registered vehicle: `title` and `contact` are required.";
  const what = {
    create: `Create (and validate) body for POST /v4/${table.type}.`,
    update: `PUT body for /v4/${table.type}/{source_id}: as create, without source_id (it is in the path); deep-merges into the stored ad.`,
    patch: `PATCH body for /v4/${table.type}/{source_id}: nothing required; deep-merges into the stored ad.`,
    migrate: `Body for POST /v4/${table.type}/{source_id}/migrate: a complete V4 payload without category_id (\"it is determined by the endpoint URL\").`,
  }[mode];
  return {
    type: "object",
    description: what + registeredNote,
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
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
    [`Patched${P}CategoryFields`]: patchedCategoryFieldsSchema(table),
    [`${P}Ad`]: adResponseSchema(`An ad of ${table.label} (category ${resource(table.type).categoryId}).`, ref(`${P}CategoryFields`), registered),
    [`Paginated${P}AdList`]: {
      type: "object",
      properties: {
        count: { type: "integer", minimum: 0 },
        next: nullable({ type: "string", format: "uri" }),
        previous: nullable({ type: "string", format: "uri" }),
        results: { type: "array", items: ref(`${P}Ad`) },
      },
      required: ["count", "results"],
    },
  };
}
