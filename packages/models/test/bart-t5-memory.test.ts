import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { BartForConditionalGeneration } from "../src/bart/index.js";
import { readConfig } from "../src/common/config.js";
import type { DecoderCache } from "../src/generation/types.js";
import { T5ForConditionalGeneration } from "../src/t5/index.js";
import { referencePath } from "./helpers/fixtures.js";

/**
 * The fixture's shapes with dropout switched on, so the training path draws masks, and HF's default initialisation
 * scale (the fixture's exaggerated one saturates some attention softmaxes, whose gradients then vanish).
 */
const CASES = [
  {
    name: "bart",
    build: async () =>
      new BartForConditionalGeneration(
        {
          ...(await config("bart")),
          dropout: 0.1,
          attention_dropout: 0.1,
          activation_dropout: 0.1,
          init_std: 0.02,
        },
        3,
      ),
  },
  {
    name: "t5",
    build: async () =>
      new T5ForConditionalGeneration(
        { ...(await config("t5")), dropout_rate: 0.1, initializer_factor: 1 },
        3,
      ),
  },
];

async function config(name: string) {
  return readConfig(referencePath(`models/${name}/`));
}

function batch() {
  return {
    input_ids: tf.tensor2d(
      [
        [5, 9, 13, 7, 2],
        [6, 8, 3, 4, 4],
      ],
      undefined,
      "int32",
    ),
    attention_mask: tf.tensor2d(
      [
        [1, 1, 1, 1, 1],
        [1, 1, 1, 0, 0],
      ],
      undefined,
      "int32",
    ),
    labels: tf.tensor2d(
      [
        [11, 12, 2, -100],
        [14, 2, -100, -100],
      ],
      undefined,
      "int32",
    ),
  };
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe.each(CASES)("$name memory and training", ({ build }) => {
  it("keeps tensor memory flat over forward + backward steps, with a gradient for every trainable weight", async () => {
    const model = await build();
    const inputs = batch();
    const variables = model.namedParameters().map(({ variable }) => variable);
    const step = (seed: number) => {
      const { value, grads } = tf.variableGrads(
        () => model.forward(inputs, { training: true, seed }).loss as tf.Scalar,
        variables,
      );
      const norms = Object.values(grads).map((g) => tf.tidy(() => g.square().sum().dataSync()[0]));
      tf.dispose([value, ...Object.values(grads)]);
      return norms;
    };
    const before = tf.memory().numTensors;
    const norms = step(1);
    expect(norms).toHaveLength(variables.length);
    expect(norms.every((norm) => Number.isFinite(norm) && norm > 0)).toBe(true);
    for (let seed = 2; seed < 5; seed++) step(seed);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(inputs));
    model.dispose();
  });

  it("draws dropout only in training, the same masks for the same seed", async () => {
    const model = await build();
    const inputs = batch();
    const loss = (training: boolean, seed?: number) =>
      tf.tidy(() => model.forward(inputs, { training, seed }).loss!.dataSync()[0]);
    expect(loss(false)).toBe(loss(false, 7));
    expect(loss(true, 7)).toBe(loss(true, 7));
    expect(loss(true, 7)).not.toBe(loss(true, 8));
    expect(loss(true, 7)).not.toBe(loss(false));
    tf.dispose(Object.values(inputs));
    model.dispose();
  });

  it("keeps tensor memory flat over encode + decodeStep with reordering and disposal", async () => {
    const model = await build();
    const inputs = batch();
    const run = () => {
      const encoder = model.encode(inputs.input_ids, inputs.attention_mask);
      let cache: DecoderCache | undefined;
      for (let t = 0; t < 4; t++) {
        const ids = tf.fill([2, 1], t + 3, "int32");
        const step = model.decodeStep({
          inputIds: ids,
          cache,
          encoder,
          encoderAttentionMask: inputs.attention_mask,
        });
        cache?.dispose();
        const order = tf.tensor1d([1, 0], "int32");
        cache = step.cache.reorder(order);
        tf.dispose([ids, order, step.logits]);
      }
      cache?.dispose();
      const selected = tf.tidy(() => tf.tensor1d([0, 0, 1], "int32"));
      encoder.select(selected).dispose();
      selected.dispose();
      encoder.dispose();
    };
    run();
    const before = tf.memory().numTensors;
    run();
    run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(inputs));
    model.dispose();
  });
});
