import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  AdamW,
  createOptimizerFromArgs,
  createParamGroups,
  getDecayParameterNames,
  SGD,
} from "../../src/optim/index.js";
import { disposeParameters, namedParameter } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("getDecayParameterNames (HF 5.x rules, decided from HF names)", () => {
  const decayed = [
    "bert.encoder.layer.0.attention.self.query.weight",
    "bert.embeddings.word_embeddings.weight",
    "transformer.h.0.attn.c_attn.weight",
    "transformer.wte.weight",
    "model.encoder.layers.0.fc1.weight",
    "encoder.block.0.layer.1.DenseReluDense.wi.weight",
    "lm_head.weight",
    "pooler.normalizer.weight",
  ];
  const notDecayed = [
    "bert.encoder.layer.0.attention.self.query.bias",
    "bert.embeddings.LayerNorm.weight",
    "bert.encoder.layer.0.output.LayerNorm.bias",
    "transformer.h.0.ln_1.weight",
    "transformer.h.0.ln_2.bias",
    "transformer.ln_f.weight",
    "model.encoder.layers.0.self_attn_layer_norm.weight",
    "model.decoder.layernorm_embedding.weight",
    "encoder.block.0.layer.0.layer_norm.weight",
    "encoder.final_layer_norm.weight",
    "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
    "model.norm.weight",
    "model.layers.0.input_rmsnorm.weight",
  ];

  it("keeps weights of linear and embedding layers", () => {
    expect([...getDecayParameterNames(decayed)]).toEqual(decayed);
  });

  it("drops biases (any name containing 'bias') and every kind of norm weight", () => {
    expect([...getDecayParameterNames(notDecayed)]).toEqual([]);
  });
});

describe("createParamGroups", () => {
  it("puts decayed parameters first with the weight decay, the rest with 0, keeping the order", () => {
    const params = ["a.weight", "a.bias", "LayerNorm.weight", "b.weight"].map((name) =>
      namedParameter(name, [1]),
    );
    const groups = createParamGroups(params, 0.01, 3e-3);
    expect(groups.map((g) => ({ names: g.params.map((p) => p.name), wd: g.weightDecay, lr: g.lr }))).toEqual([
      { names: ["a.weight", "b.weight"], wd: 0.01, lr: 3e-3 },
      { names: ["a.bias", "LayerNorm.weight"], wd: 0, lr: 3e-3 },
    ]);
    disposeParameters(params);
  });
});

describe("createOptimizerFromArgs", () => {
  const args = {
    learning_rate: 5e-5,
    weight_decay: 0.01,
    adam_beta1: 0.8,
    adam_beta2: 0.99,
    adam_epsilon: 1e-6,
  };

  it("builds AdamW over HF's two groups with the arguments' hyperparameters", () => {
    const params = [namedParameter("dense.weight", [1]), namedParameter("dense.bias", [1])];
    const optimizer = createOptimizerFromArgs(params, { ...args, optim: "adamw_torch" });
    expect(optimizer).toBeInstanceOf(AdamW);
    expect(optimizer.paramGroups.map((g) => [g.lr, g.initialLr, g.weightDecay, g.betas, g.eps])).toEqual([
      [5e-5, 5e-5, 0.01, [0.8, 0.99], 1e-6],
      [5e-5, 5e-5, 0, [0.8, 0.99], 1e-6],
    ]);
    expect(createOptimizerFromArgs(params, { ...args, optim: "sgd" })).toBeInstanceOf(SGD);
    expect(() => createOptimizerFromArgs(params, { ...args, optim: "lion_8bit" })).toThrow(
      "optim 'lion_8bit' is not supported: expected one of adamw_torch, adamw_torch_fused, sgd",
    );
    disposeParameters(params);
  });
});
