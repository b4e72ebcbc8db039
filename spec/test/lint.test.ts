import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";
import { API_DIR } from "./helpers.js";

describe("openapi.json", () => {
  it("passes Redocly's recommended rules with no errors and no warnings", async () => {
    const config = await createConfig({
      extends: ["recommended"],
      rules: {
        // The reconstruction has no licence to state; the live document has none either (inferred).
        "info-license": "off",
        // The real API has /v4/{type}/validate beside /v4/{type}/{source_id}: literal segments win, so these are
        // not ambiguous; keep the rule on as an error so a real ambiguity would fail here.
        "no-ambiguous-paths": "error",
      },
    });
    const source = readFileSync(join(API_DIR, "openapi.json"), "utf8");
    const problems = await lintFromString({ source, absoluteRef: join(API_DIR, "openapi.json"), config });
    const report = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? "?"}`);
    expect(report).toEqual([]);
  });
});
