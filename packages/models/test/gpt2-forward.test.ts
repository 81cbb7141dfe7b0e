import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { GPT2LMHeadModel } from "../src/gpt2/lm-head-model.js";
import { readReferenceJson, relativeError } from "./helpers/fixtures.js";
import { loadReferenceGpt2 } from "./helpers/gpt2.js";
import { ids } from "./helpers/tensors.js";

interface ForwardCase {
  inputs: { input_ids: number[][]; attention_mask: number[][]; labels: number[][] };
  loss: number;
  logits: number[][][];
}

const reference = readReferenceJson<ForwardCase>("forward/gpt2.json");

describe("GPT-2 forward against HF (fixtures/hf-reference/forward/gpt2.json)", () => {
  let model: GPT2LMHeadModel;
  beforeAll(async () => {
    await tf.setBackend("cpu");
    model = await loadReferenceGpt2();
  });

  it("gives HF's logits (right padding included) and loss", () => {
    const { input_ids, attention_mask, labels } = reference.inputs;
    const inputs = { input_ids: ids(input_ids), attention_mask: ids(attention_mask), labels: ids(labels) };
    const out = model.forward(inputs, { training: false });
    const logits = out.logits!;
    expect(logits.shape).toEqual([input_ids.length, input_ids[0].length, model.config.vocab_size]);
    const logitsError = relativeError(logits.dataSync(), reference.logits.flat(2));
    const lossError = Math.abs(out.loss!.dataSync()[0] - reference.loss) / Math.abs(reference.loss);
    console.info(
      `GPT-2 forward: logits max relative error ${logitsError.toExponential(2)}, loss ${lossError.toExponential(2)}`,
    );
    expect(logitsError).toBeLessThan(1e-4);
    expect(lossError).toBeLessThan(1e-5);
    tf.dispose([...Object.values(inputs), logits, out.loss!]);
  });
});
