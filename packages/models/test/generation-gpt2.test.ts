import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { generate } from "../src/generation/generate.js";
import { generateOptionsFromHF } from "../src/generation/hf-kwargs.js";
import type { GPT2LMHeadModel } from "../src/gpt2/lm-head-model.js";
import { readGenerateCases } from "./helpers/fixtures.js";
import { loadReferenceGpt2 } from "./helpers/gpt2.js";

const { inputs, cases } = readGenerateCases("gpt2");

describe("generate() on GPT-2 against HF (fixtures/hf-reference/generate/gpt2.json)", () => {
  let model: GPT2LMHeadModel;
  beforeAll(async () => {
    await tf.setBackend("cpu");
    model = await loadReferenceGpt2();
  });

  it("has cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(2);
  });

  it.each(cases)("%s gives HF's token ids", async (_name, { kwargs, output_ids }) => {
    const before = tf.memory().numTensors;
    const step = vi.spyOn(model, "decodeStep");
    const out = await generate(
      model,
      { inputIds: inputs.input_ids, attentionMask: inputs.attention_mask },
      generateOptionsFromHF(kwargs),
    );
    expect(out.dtype).toBe("int32");
    expect(await out.array()).toEqual(output_ids);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // The prompt is fed once; every later step feeds one token per row and extends the cache.
    const fed = step.mock.calls.map(([args]) => args.inputIds.shape[1]);
    expect(fed[0]).toBe(inputs.input_ids[0].length);
    expect(fed.slice(1).every((length) => length === 1)).toBe(true);
    step.mockRestore();
  });
});
