/** Assembles the OpenAPI document, interns its sources and stamps the content hash. */
import { finishDocument } from "../../reconstruct/document.js";
import { sortKeys, type JsonObject } from "../../reconstruct/json.js";
import { API_CONFIG, RECONSTRUCTED_DATE, RECONSTRUCTED_SOURCE } from "./config.js";
import { allPaths } from "./paths.js";
import { componentSchemas } from "./schemas.js";

export { contentHash } from "../../reconstruct/document.js";

const DESCRIPTION = [
  "Reconstructed snapshot of the Kleinanzeigen Public API Gateway (goods API) from its public documentation: 10 pages of developer.kleinanzeigen.de (3 guides, the authentication page and 6 operation pages), vendored as a digest in `spec/kleinanzeigen/docs/`. No schema document of the API is public, so this is not a copy of the server's own.",
  "",
  "Every constraint says where it comes from (`x-source`, ids in `components['x-sources']`): documented (a quoted sentence), inferred (a reading of the documents) or reconstructed (our design where they are silent: the digest's gaps G-1..G-26, chosen as what a Spring Boot server most plausibly accepts). Only documented rules refuse; the others warn.",
  "",
  "Flow: get a token (`POST /oidc/token` on `/v2`), create an imprint, create a listing, request a media ticket, PUT the image to its presigned URL, attach it, then publish the listing under the imprint. Publishing and republishing are asynchronous: follow the publication's status.",
].join("\n");

export function buildDocument(): JsonObject {
  const doc: JsonObject = {
    openapi: "3.1.0",
    info: {
      title: API_CONFIG.title,
      version: "1.0.0",
      description: DESCRIPTION,
      "x-reconstructed": { source: RECONSTRUCTED_SOURCE, date: RECONSTRUCTED_DATE, sha256: "" },
    },
    servers: [{ url: API_CONFIG.baseUrl, description: "Goods API; operation paths start with /v1." }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: "listings", description: "Listings: create, read, update (partial), delete. A listing is visible only through a validated publication." },
      { name: "imprints", description: "Imprints (legal \"Impressum\" texts) a listing is published under. Only create is documented (G-21)." },
      { name: "media", description: "Images: upload tickets with presigned URLs, attaching, deleting and reordering a listing's images." },
      { name: "publications", description: "Publications of a listing under an imprint: publish, read, republish, pause and resume. Asynchronous (G-13)." },
      { name: "auth", description: "OAuth 2.0 client-credentials token endpoint (`https://developer.kleinanzeigen.de/v2`)." },
    ],
    paths: sortKeys(allPaths()),
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description:
            "The access token of `POST /oidc/token`. The documentation shows the header literally as `HttpHeaders.AUTHORIZATION` with a bare JWT, which is the name of Spring's constant for `Authorization` leaking from its docs generator; `Authorization: Bearer <jwt>` (matching `token_type: bearer`) is the reconstruction (G-1).",
        },
      },
      schemas: sortKeys(componentSchemas()),
    },
  };
  return finishDocument(doc);
}
