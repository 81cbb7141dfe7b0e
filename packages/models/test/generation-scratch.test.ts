import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import "../src/bart/index.js";
import "../src/t5/index.js";
import { fromPretrained } from "../src/common/pretrained-model.js";
import { generate } from "../src/generation/generate.js";
import { generateOptionsFromHF } from "../src/generation/hf-kwargs.js";
import type { GenerativeModel } from "../src/generation/types.js";

const REF = new URL("../../../fixtures/hf-reference/", import.meta.url);
const p = (r: string) => fileURLToPath(new URL(r, REF));
describe.each(["bart", "t5"])("%s", (name) => {
  let model: GenerativeModel;
  const fixture = JSON.parse(readFileSync(p(`generate/${name}.json`), "utf8"));
  beforeAll(async () => {
    await tf.setBackend("cpu");
    model = (await fromPretrained(p(`models/${name}`))) as unknown as GenerativeModel;
  });
  const cases = Object.entries(fixture).filter(([n]) => n !== "inputs") as [string, any][];
  it.each(cases)("%s", async (_n, c) => {
    const before = tf.memory().numTensors;
    const out = await generate(model, { inputIds: fixture.inputs.input_ids, attentionMask: fixture.inputs.attention_mask }, generateOptionsFromHF(c.kwargs));
    expect(await out.array()).toEqual(c.output_ids);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
