import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { gpt2Config } from "../src/gpt2/config.js";
import { GPT2LMHeadModel } from "../src/gpt2/lm-head-model.js";
import { ids } from "./helpers/tensors.js";

function std(values: Float32Array): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

describe("GPT-2 config and fresh weights", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  it("has HF's GPT2Config defaults and checks what HF checks", () => {
    const config = gpt2Config();
    expect(config).toMatchObject({
      n_embd: 768,
      n_layer: 12,
      n_head: 12,
      n_positions: 1024,
      vocab_size: 50257,
      n_inner: null,
    });
    expect(config).toMatchObject({
      activation_function: "gelu_new",
      layer_norm_epsilon: 1e-5,
      initializer_range: 0.02,
    });
    expect(config).toMatchObject({
      resid_pdrop: 0.1,
      embd_pdrop: 0.1,
      attn_pdrop: 0.1,
      tie_word_embeddings: true,
    });
    expect(config).toMatchObject({
      bos_token_id: 50256,
      eos_token_id: 50256,
      pad_token_id: null,
      scale_attn_weights: true,
    });
    expect(() => gpt2Config({ n_embd: 30, n_head: 4 })).toThrow(/divisible/);
    expect(() => gpt2Config({ add_cross_attention: true })).toThrow(/cross_attention/);
    expect(() => gpt2Config({ n_layer: "2" })).toThrow(/n_layer/);
  });

  it("initialises as HF's _init_weights: normal(0, range), residual projections scaled by 1/√(2·n_layer)", () => {
    const model = new GPT2LMHeadModel(
      { vocab_size: 64, n_positions: 32, n_embd: 64, n_layer: 8, n_head: 4, n_inner: 96 },
      3,
    );
    const w = (name: string) => model.weight(name).dataSync() as Float32Array;
    expect(model.weight("transformer.h.0.mlp.c_fc.weight").shape).toEqual([64, 96]);
    expect(std(w("transformer.h.0.attn.c_attn.weight"))).toBeCloseTo(0.02, 3);
    expect(std(w("transformer.wte.weight"))).toBeCloseTo(0.02, 3);
    expect(std(w("transformer.h.3.attn.c_proj.weight"))).toBeCloseTo(0.02 / 4, 3);
    expect(Math.abs(std(w("transformer.h.3.mlp.c_proj.weight")) - 0.005)).toBeLessThan(0.0006);
    expect([...w("transformer.h.1.ln_2.weight")].every((v) => v === 1)).toBe(true);
    expect([...w("transformer.h.1.attn.c_attn.bias")].every((v) => v === 0)).toBe(true);
    model.dispose();
  });

  it("names its weights as HF does, in HF's order, the tied head once", () => {
    const model = new GPT2LMHeadModel({ vocab_size: 16, n_positions: 8, n_embd: 8, n_layer: 1, n_head: 2 });
    expect(model.namedParameters().map((p) => p.name)).toEqual([
      "transformer.wte.weight",
      "transformer.wpe.weight",
      "transformer.h.0.ln_1.weight",
      "transformer.h.0.ln_1.bias",
      "transformer.h.0.attn.c_attn.weight",
      "transformer.h.0.attn.c_attn.bias",
      "transformer.h.0.attn.c_proj.weight",
      "transformer.h.0.attn.c_proj.bias",
      "transformer.h.0.ln_2.weight",
      "transformer.h.0.ln_2.bias",
      "transformer.h.0.mlp.c_fc.weight",
      "transformer.h.0.mlp.c_fc.bias",
      "transformer.h.0.mlp.c_proj.weight",
      "transformer.h.0.mlp.c_proj.bias",
      "transformer.ln_f.weight",
      "transformer.ln_f.bias",
    ]);
    // HF's floating_point_ops: 6 × tokens × parameters outside the embedding tables.
    const nonEmbedding = model
      .namedParameters()
      .filter((p) => !/w[tp]e\.weight$/.test(p.name))
      .reduce((sum, p) => sum + p.variable.size, 0);
    expect(model.floatingPointOps({ input_ids: { shape: [2, 5] } })).toBe(6 * 10 * nonEmbedding);
    model.dispose();
  });

  it("rejects sequences longer than its position table", () => {
    const model = new GPT2LMHeadModel({ vocab_size: 16, n_positions: 4, n_embd: 8, n_layer: 1, n_head: 2 });
    const input = ids([[1, 2, 3, 4, 5]]);
    expect(() => model.forward({ input_ids: input }, { training: false })).toThrow(/n_positions/);
    input.dispose();
    model.dispose();
  });

  it("scales attention by the inverse layer index when asked (changes the output)", () => {
    // A large init so that attention scores are far from uniform and their scale matters.
    const base = { vocab_size: 16, n_positions: 8, n_embd: 8, n_layer: 2, n_head: 2, initializer_range: 1 };
    const plain = new GPT2LMHeadModel(base, 5);
    const scaled = new GPT2LMHeadModel({ ...base, scale_attn_by_inverse_layer_idx: true }, 5);
    const input = ids([[1, 2, 3, 4]]);
    const a = plain.forward({ input_ids: input }, { training: false }).logits!;
    const b = scaled.forward({ input_ids: input }, { training: false }).logits!;
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0])).toBeGreaterThan(1e-2);
    tf.dispose([input, a, b]);
    plain.dispose();
    scaled.dispose();
  });
});
