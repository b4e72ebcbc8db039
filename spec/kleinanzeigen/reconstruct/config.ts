import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** spec/kleinanzeigen, resolved from this file so the script works from any cwd. */
export const API_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Fixed, not the clock: re-running the reconstruction must give byte-identical files. */
export const RECONSTRUCTED_DATE = "2026-11-27";
export const RECONSTRUCTED_SOURCE =
  "reconstructed from the public Kleinanzeigen Public API Gateway documentation (digest of developer.kleinanzeigen.de and the create-ad guide)";

interface ApiConfig {
  title: string;
  baseUrl: string;
  auth: { header: string; scheme: string; tokenUrl: string; audience: string };
}

/** api.config.json is the single source of the base URL and the token endpoint (the generators read it too). */
function loadConfig(): ApiConfig {
  return JSON.parse(readFileSync(join(API_DIR, "api.config.json"), "utf8")) as ApiConfig;
}

export const API_CONFIG = loadConfig();

/** The token endpoint split into the server URL of its operation and its path: `https://.../v2` + `/oidc/token`. */
export function tokenEndpoint(): { server: string; path: string } {
  const url = API_CONFIG.auth.tokenUrl;
  const at = url.lastIndexOf("/oidc/");
  if (at < 0) throw new Error(`api.config.json auth.tokenUrl ${url} does not end in /oidc/...`);
  return { server: url.slice(0, at), path: url.slice(at) };
}
