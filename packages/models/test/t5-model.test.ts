import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { readSafetensorsHeader } from "@tfjs-trainer/safetensors";
import { beforeAll, describe, expect, it } from "vitest";
import { relativePositionBucket, T5ForConditionalGeneration, t5Config } from "../src/t5/index.js";
import { withTempDir } from "./helpers/fixtures.js";
import { std } from "./helpers/tensors.js";

const SMALL = {
  vocab_size: 48,
  d_model: 16,
  d_kv: 4,
  d_ff: 24,
  num_layers: 2,
  num_decoder_layers: 1,
  num_heads: 3,
  relative_attention_num_buckets: 8,
  relative_attention_max_distance: 16,
  decoder_start_token_id: 0,
};

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("T5Config", () => {
  it("has HF's names and defaults", () => {
    expect(t5Config({})).toMatchObject({
      vocab_size: 32128,
      d_model: 512,
      d_kv: 64,
      d_ff: 2048,
      num_layers: 6,
      num_decoder_layers: 6,
      num_heads: 8,
      relative_attention_num_buckets: 32,
      relative_attention_max_distance: 128,
      dropout_rate: 0.1,
      layer_norm_epsilon: 1e-6,
      initializer_factor: 1,
      feed_forward_proj: "relu",
      dense_act_fn: "relu",
      is_gated_act: false,
      pad_token_id: 0,
      eos_token_id: 1,
      scale_decoder_outputs: true,
    });
  });

  it("derives the feed-forward activation from feed_forward_proj as HF does", () => {
    expect(t5Config({ feed_forward_proj: "gated-gelu" })).toMatchObject({
      dense_act_fn: "gelu_new",
      is_gated_act: true,
    });
    expect(t5Config({ feed_forward_proj: "gated-silu" })).toMatchObject({
      dense_act_fn: "silu",
      is_gated_act: true,
    });
    expect(() => t5Config({ feed_forward_proj: "fancy-relu" })).toThrow(/feed_forward_proj/);
    expect(() => t5Config({ feed_forward_proj: "gated-gelu-new" })).toThrow(/feed_forward_proj/);
  });

  it("scales decoder outputs unless an older config said tie_word_embeddings: false; a saved value wins", () => {
    expect(t5Config({ tie_word_embeddings: false }).scale_decoder_outputs).toBe(false);
    expect(t5Config({ tie_word_embeddings: true }).scale_decoder_outputs).toBe(true);
    expect(t5Config({ tie_word_embeddings: true, scale_decoder_outputs: false }).scale_decoder_outputs).toBe(
      false,
    );
    expect(() => t5Config({ scale_decoder_outputs: "yes" })).toThrow(/scale_decoder_outputs/);
  });
});

describe("T5 relative position buckets", () => {
  const encoder = { bidirectional: true, numBuckets: 8, maxDistance: 32 };
  const decoder = { bidirectional: false, numBuckets: 8, maxDistance: 32 };

  it("keeps small distances exact and gives keys after the query their own half (encoder)", () => {
    expect([0, -1, 1].map((r) => relativePositionBucket(r, encoder))).toEqual([0, 1, 5]);
  });

  it("grows logarithmically, lands log(4)/log(16)·2 = 1 exactly on the next bucket, and saturates", () => {
    expect([-2, -7, -8, -31, -32, -500].map((r) => relativePositionBucket(r, encoder))).toEqual([
      2, 2, 3, 3, 3, 3,
    ]);
    expect([8, 500].map((r) => relativePositionBucket(r, encoder))).toEqual([7, 7]);
  });

  it("gives the decoder every bucket for past keys and one bucket for future ones (masked anyway)", () => {
    expect([0, -1, -3, -4, -8, -16, -100].map((r) => relativePositionBucket(r, decoder))).toEqual([
      0, 1, 3, 4, 5, 6, 7,
    ]);
    expect([1, 5].map((r) => relativePositionBucket(r, decoder))).toEqual([0, 0]);
  });

  it("never decreases with distance", () => {
    for (const options of [encoder, decoder, { bidirectional: false, numBuckets: 32, maxDistance: 128 }]) {
      let previous = 0;
      for (let distance = 0; distance < 300; distance++) {
        const bucket = relativePositionBucket(-distance, options);
        expect(bucket).toBeGreaterThanOrEqual(previous);
        expect(bucket).toBeLessThan(options.bidirectional ? options.numBuckets / 2 : options.numBuckets);
        previous = bucket;
      }
    }
  });
});

describe("a fresh T5ForConditionalGeneration", () => {
  it("initialises as HF's _init_weights with initializer_factor", () => {
    const factor = 2;
    const config = {
      ...SMALL,
      d_model: 64,
      d_kv: 8,
      num_heads: 4,
      d_ff: 128,
      vocab_size: 300,
      initializer_factor: factor,
    };
    const model = new T5ForConditionalGeneration(config, 1);
    const attention = "encoder.block.0.layer.0.SelfAttention";
    const expected: [string, number][] = [
      ["shared.weight", factor],
      [`${attention}.q.weight`, factor * (64 * 8) ** -0.5],
      [`${attention}.k.weight`, factor * 64 ** -0.5],
      [`${attention}.v.weight`, factor * 64 ** -0.5],
      [`${attention}.o.weight`, factor * (4 * 8) ** -0.5],
      ["encoder.block.1.layer.1.DenseReluDense.wi.weight", factor * 64 ** -0.5],
      ["decoder.block.0.layer.2.DenseReluDense.wo.weight", factor * 128 ** -0.5],
    ];
    for (const [name, sigma] of expected) {
      expect(std(model.weight(name).dataSync()) / sigma, name).toBeCloseTo(1, 1);
    }
    expect(model.weight(`${attention}.relative_attention_bias.weight`).shape).toEqual([8, 4]);
    expect(model.params.has("encoder.block.1.layer.0.SelfAttention.relative_attention_bias.weight")).toBe(
      false,
    );
    expect(model.params.has("decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight")).toBe(
      false,
    );
    expect(
      Array.from(model.weight("decoder.final_layer_norm.weight").dataSync()).every((v) => v === factor),
    ).toBe(true);
    model.dispose();
  });

  it("ties both stacks' embed_tokens and lm_head to shared", () => {
    const model = new T5ForConditionalGeneration(SMALL);
    for (const alias of ["encoder.embed_tokens.weight", "decoder.embed_tokens.weight", "lm_head.weight"]) {
      expect(model.weight(alias)).toBe(model.weight("shared.weight"));
    }
    expect(
      model
        .namedParameters()
        .filter(({ name }) => name.includes("embed_tokens") || name === "lm_head.weight"),
    ).toEqual([]);
    model.dispose();
  });

  it("has wi_0 and wi_1 for gated feed-forwards", () => {
    const model = new T5ForConditionalGeneration({ ...SMALL, feed_forward_proj: "gated-gelu" });
    const names = model.namedParameters().map(({ name }) => name);
    expect(names).toContain("encoder.block.0.layer.1.DenseReluDense.wi_0.weight");
    expect(names).toContain("decoder.block.0.layer.2.DenseReluDense.wi_1.weight");
    expect(names.some((name) => name.endsWith("DenseReluDense.wi.weight"))).toBe(false);
    model.dispose();
  });

  it("scales the decoder output by d_model^-0.5 before the head only when scale_decoder_outputs", () => {
    const inputs = {
      input_ids: tf.tensor2d([[5, 6, 7, 1]], undefined, "int32"),
      decoder_input_ids: tf.tensor2d([[0, 9, 3]], undefined, "int32"),
    };
    const logits = (scale: boolean) => {
      const model = new T5ForConditionalGeneration({ ...SMALL, scale_decoder_outputs: scale }, 5);
      const out = model.forward(inputs, { training: false });
      const values = Array.from(out.logits!.dataSync());
      out.logits!.dispose();
      model.dispose();
      return values;
    };
    const scaled = logits(true);
    const unscaled = logits(false);
    expect(
      scaled.every((v, i) => Math.abs(v - unscaled[i] * 16 ** -0.5) <= 1e-5 * Math.abs(unscaled[i]) + 1e-6),
    ).toBe(true);
    tf.dispose(Object.values(inputs));
  });

  it("keeps a separate lm_head for configs that untie it, and saves it", async () => {
    const model = new T5ForConditionalGeneration({ ...SMALL, tie_word_embeddings: false });
    expect(model.weight("lm_head.weight")).not.toBe(model.weight("shared.weight"));
    expect(model.config.scale_decoder_outputs).toBe(false);
    try {
      await withTempDir("t5-untied-", async (dir) => {
        await model.savePretrained(dir);
        const names = [...(await readSafetensorsHeader(join(dir, "model.safetensors"))).tensors.keys()];
        expect(names).toContain("lm_head.weight");
        expect(names).toContain("shared.weight");
      });
    } finally {
      model.dispose();
    }
  });

  it("needs decoder_start_token_id to shift labels, and decoder inputs or labels to decode", () => {
    const { decoder_start_token_id: _, ...withoutStart } = SMALL;
    const model = new T5ForConditionalGeneration(withoutStart);
    const inputIds = tf.tensor2d([[5, 6, 1]], undefined, "int32");
    const labels = tf.tensor2d([[7, 1]], undefined, "int32");
    expect(() => model.forward({ input_ids: inputIds, labels }, { training: false })).toThrow(
      /decoder_start_token_id/,
    );
    expect(() => model.forward({ input_ids: inputIds }, { training: false })).toThrow(
      /decoder_input_ids or labels/,
    );
    tf.dispose([inputIds, labels]);
    model.dispose();
  });
});
