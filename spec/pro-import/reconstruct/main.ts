/** Writes spec/pro-import/openapi.json and spec/pro-import/vehicles/<type>.json. `pnpm --filter @x/spec reconstruct`. */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { API_DIR } from "./config.js";
import { buildCatalogues, buildDocument } from "./document.js";
import { toFileText, type Json } from "../../reconstruct/json.js";

/** Temp file + rename, so a reader (or a crash) never sees a half-written file. */
function writeAtomic(path: string, value: Json): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, toFileText(value));
  renameSync(temp, path);
}

export function reconstruct(dir: string = API_DIR): string[] {
  const written: string[] = [];
  const docPath = join(dir, "openapi.json");
  writeAtomic(docPath, buildDocument());
  written.push(docPath);
  const catalogueDir = join(dir, "vehicles");
  mkdirSync(catalogueDir, { recursive: true });
  for (const [type, cat] of Object.entries(buildCatalogues())) {
    const path = join(catalogueDir, `${type}.json`);
    writeAtomic(path, cat);
    written.push(path);
  }
  return written;
}

const written = reconstruct();
console.log(`wrote ${written.length} files`);
