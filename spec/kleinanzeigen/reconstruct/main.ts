/** Writes spec/kleinanzeigen/openapi.json. `pnpm --filter @x/spec reconstruct:kleinanzeigen`. */
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toFileText, type Json } from "../../reconstruct/json.js";
import { API_DIR } from "./config.js";
import { buildDocument } from "./document.js";

/** Temp file + rename, so a reader (or a crash) never sees a half-written file. */
function writeAtomic(path: string, value: Json): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, toFileText(value));
  renameSync(temp, path);
}

export function reconstruct(dir: string = API_DIR): string {
  const path = join(dir, "openapi.json");
  writeAtomic(path, buildDocument());
  return path;
}

console.log(`wrote ${reconstruct()}`);
