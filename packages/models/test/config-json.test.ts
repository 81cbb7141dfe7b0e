import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { keepFloatFields, parseConfigJson, stringifyConfigJson } from "../src/common/config-json.js";
import { fromPretrained } from "../src/index.js";
import { referencePath, withTempDir } from "./helpers/fixtures.js";

const MODELS = referencePath("models");

/** Keys whose value is written as a float literal (with a fraction or exponent), at any depth. */
function floatKeys(text: string): string[] {
  return [...text.matchAll(/"([^"]+)"\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/g)]
    .filter((m) => /[.eE]/.test(m[2]))
    .map((m) => m[1])
    .sort();
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("config JSON as HF reads it back", () => {
  it("keeps whole-number floats as floats (HF 5.x rejects 0 for a float field)", () => {
    const text = '{"dropout": 0.0, "layers": 2, "scale": 1e-05, "nested": {"temperature": 1.0}}';
    const parsed = parseConfigJson(text);
    const written = stringifyConfigJson(keepFloatFields({ ...parsed, extra: 3 }, parsed));
    expect(written).toContain('"dropout": 0.0');
    expect(written).toContain('"layers": 2,');
    expect(written).toContain('"temperature": 1.0');
    expect(written).toContain('"extra": 3');
    expect(JSON.parse(written)).toEqual({
      dropout: 0,
      layers: 2,
      scale: 1e-5,
      nested: { temperature: 1 },
      extra: 3,
    });
  });

  it("writes HF's usual float fields as floats even in a config built in code", () => {
    expect(stringifyConfigJson({ attn_pdrop: 0, n_layer: 2 })).toBe(
      '{\n  "attn_pdrop": 0.0,\n  "n_layer": 2\n}\n',
    );
  });

  for (const name of readdirSync(MODELS)) {
    it(`${name}: a saved config.json and generation_config.json keep every float field a float`, async () => {
      const model = await fromPretrained(join(MODELS, name), { warn: () => {} });
      await withTempDir("config-json-", async (dir) => {
        await model.savePretrained(dir);
        model.dispose();
        for (const file of readdirSync(join(MODELS, name)).filter((f) => f.endsWith(".json"))) {
          const original = readFileSync(join(MODELS, name, file), "utf8");
          const saved = readFileSync(join(dir, file), "utf8");
          expect(floatKeys(saved), file).toEqual(expect.arrayContaining(floatKeys(original)));
        }
      });
    });
  }
});
