import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { API_DIR, asObject, loadDocument, SPEC_DIR } from "./helpers.js";

function snapshot(): Map<string, string> {
  const files = ["openapi.json", ...readdirSync(join(API_DIR, "vehicles")).map((f) => join("vehicles", f))];
  return new Map(files.map((f) => [f, readFileSync(join(API_DIR, f), "utf8")]));
}

function runReconstruction(): void {
  execFileSync(process.execPath, ["--import", "tsx", "pro-import/reconstruct/main.ts"], { cwd: SPEC_DIR, stdio: "pipe" });
}

describe("reconstruction", () => {
  it("stamps the sha256 of the document without the stamp", () => {
    const doc = loadDocument();
    const stamp = asObject(asObject(doc["info"])["x-reconstructed"]);
    const expected = String(stamp["sha256"]);
    stamp["sha256"] = "";
    const actual = createHash("sha256").update(`${JSON.stringify(doc, null, 2)}\n`).digest("hex");
    expect(actual).toBe(expected);
    expect(stamp["date"]).toBe("2026-11-23");
  });

  it("is byte-identical when run twice, and the committed files are up to date", () => {
    const before = snapshot();
    runReconstruction();
    const first = snapshot();
    runReconstruction();
    const second = snapshot();
    expect(second).toEqual(first);
    expect(first).toEqual(before);
    for (const text of first.values()) expect(text.endsWith("}\n")).toBe(true);
  });
});
