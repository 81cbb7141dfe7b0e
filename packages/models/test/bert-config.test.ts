import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  BertForMaskedLM,
  BertForSequenceClassification,
  BertModel,
  classifierDropoutRate,
  resolveBertConfig,
} from "../src/bert/index.js";
import { fromPretrained } from "../src/common/pretrained-model.js";
import { tinyBatch, tinyBertConfig } from "./helpers/bert.js";
import { suiteTempDir } from "./helpers/fixtures.js";
import { disposeAll, expectAllClose } from "./helpers/tensors.js";

const scratch = suiteTempDir("bert-config-");

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("BertConfig", () => {
  it("has HF BertConfig's defaults", () => {
    expect(resolveBertConfig({})).toMatchObject({
      model_type: "bert",
      vocab_size: 30522,
      hidden_size: 768,
      num_hidden_layers: 12,
      num_attention_heads: 12,
      intermediate_size: 3072,
      hidden_act: "gelu",
      hidden_dropout_prob: 0.1,
      attention_probs_dropout_prob: 0.1,
      max_position_embeddings: 512,
      type_vocab_size: 2,
      initializer_range: 0.02,
      layer_norm_eps: 1e-12,
      pad_token_id: 0,
      classifier_dropout: null,
      problem_type: null,
      tie_word_embeddings: true,
    });
  });

  it("keeps unknown fields and lets the file override defaults", () => {
    const config = resolveBertConfig({
      hidden_size: 96,
      gradient_checkpointing: false,
      id2label: { 0: "NEG" },
    });
    expect(config.hidden_size).toBe(96);
    expect(config.gradient_checkpointing).toBe(false);
    expect(config.id2label).toEqual({ 0: "NEG" });
  });

  it("rejects what it cannot compute, naming the field", () => {
    expect(() => resolveBertConfig({ hidden_size: "32" })).toThrow(/hidden_size/);
    expect(() => resolveBertConfig({ hidden_size: 30, num_attention_heads: 4 })).toThrow(/not a multiple/);
    expect(() => resolveBertConfig({ position_embedding_type: "relative_key" })).toThrow(
      /position_embedding_type/,
    );
    expect(() => resolveBertConfig({ add_cross_attention: true })).toThrow(/add_cross_attention/);
    expect(resolveBertConfig({ position_embedding_type: "absolute" }).position_embedding_type).toBe(
      "absolute",
    );
  });

  it("classifier dropout falls back to hidden_dropout_prob", () => {
    expect(classifierDropoutRate(resolveBertConfig({ hidden_dropout_prob: 0.2 }))).toBe(0.2);
    expect(
      classifierDropoutRate(resolveBertConfig({ hidden_dropout_prob: 0.2, classifier_dropout: 0 })),
    ).toBe(0);
  });
});

describe("fresh BERT weights (HF's _init_weights)", () => {
  const config = tinyBertConfig({
    hidden_size: 64,
    intermediate_size: 128,
    initializer_range: 0.05,
    pad_token_id: 3,
  });

  it("normal(0, initializer_range) matrices, zero biases, unit LayerNorm, a zero padding row", () => {
    const model = new BertForMaskedLM(config, 7);
    const values = (name: string) => Array.from(model.weight(name).dataSync());
    const intermediate = values("bert.encoder.layer.0.intermediate.dense.weight");
    const mean = intermediate.reduce((s, v) => s + v, 0) / intermediate.length;
    const std = Math.sqrt(intermediate.reduce((s, v) => s + (v - mean) ** 2, 0) / intermediate.length);
    expect(Math.abs(mean)).toBeLessThan(0.005);
    expect(std).toBeGreaterThan(0.045);
    expect(std).toBeLessThan(0.055);
    expect(values("bert.encoder.layer.1.attention.self.key.bias").every((v) => v === 0)).toBe(true);
    expect(values("cls.predictions.bias").every((v) => v === 0)).toBe(true);
    expect(values("bert.embeddings.LayerNorm.weight").every((v) => v === 1)).toBe(true);
    expect(values("cls.predictions.transform.LayerNorm.bias").every((v) => v === 0)).toBe(true);

    const table = model.weight("bert.embeddings.word_embeddings.weight").arraySync() as number[][];
    expect(table[3].every((v) => v === 0)).toBe(true);
    expect(table.filter((row) => row.every((v) => v === 0))).toHaveLength(1);
    model.dispose();
  });

  it("no padding row without pad_token_id; the seed decides the draw", () => {
    const unpadded = new BertModel({ ...config, pad_token_id: null }, 7);
    const table = unpadded.weight("embeddings.word_embeddings.weight").arraySync() as number[][];
    expect(table.some((row) => row.every((v) => v === 0))).toBe(false);
    const same = new BertModel({ ...config, pad_token_id: null }, 7);
    const other = new BertModel({ ...config, pad_token_id: null }, 8);
    const first = (m: BertModel) => Array.from(m.weight("encoder.layer.0.output.dense.weight").dataSync());
    expect(first(same)).toEqual(first(unpadded));
    expect(first(other)).not.toEqual(first(unpadded));
    for (const m of [unpadded, same, other]) m.dispose();
  });
});

describe("BertModel inputs", () => {
  it("token_type_ids default to zeros and attention_mask to ones", () => {
    const model = new BertModel(tinyBertConfig(), 2);
    const { input_ids } = tinyBatch(2, 5, 40);
    const implicit = model.forward({ input_ids }, { training: false });
    const explicitInputs = {
      input_ids,
      token_type_ids: tf.zeros([2, 5], "int32"),
      attention_mask: tf.ones([2, 5], "int32"),
    };
    const explicit = model.forward(explicitInputs, { training: false });
    expect(Array.from(implicit.last_hidden_state!.dataSync())).toEqual(
      Array.from(explicit.last_hidden_state!.dataSync()),
    );
    // a second segment changes the result, so token types are really read
    const segmentB = tf.onesLike(input_ids);
    const other = model.forward({ input_ids, token_type_ids: segmentB }, { training: false });
    expect(Array.from(other.pooler_output!.dataSync())).not.toEqual(
      Array.from(implicit.pooler_output!.dataSync()),
    );
    for (const out of [implicit, explicit, other]) disposeAll(out);
    disposeAll(explicitInputs);
    segmentB.dispose();
    model.dispose();
  });

  it("padding keys are masked: changing a padded token leaves the real tokens' states unchanged", () => {
    const model = new BertModel(tinyBertConfig(), 2);
    const realStates = (ids: number[]) =>
      tf.tidy(() => {
        const out = model.forward(
          {
            input_ids: tf.tensor2d([ids], [1, 5], "int32"),
            attention_mask: tf.tensor2d([[1, 1, 1, 0, 0]], [1, 5], "int32"),
          },
          { training: false },
        );
        return Array.from(out.last_hidden_state!.slice([0, 0, 0], [1, 3, -1]).dataSync());
      });
    expectAllClose(realStates([5, 6, 7, 9, 9]), realStates([5, 6, 7, 0, 0]), 5);
    model.dispose();
  });

  it("is_decoder makes self-attention causal, as HF's BertModel", () => {
    const first = (model: BertModel, last: number) => {
      const out = model.forward(
        { input_ids: tf.tensor2d([[5, 6, 7, last]], [1, 4], "int32") },
        { training: false },
      );
      return Array.from(out.last_hidden_state!.slice([0, 0, 0], [1, 1, -1]).dataSync());
    };
    const causal = new BertModel(tinyBertConfig({ is_decoder: true }), 4);
    expect(first(causal, 9)).toEqual(first(causal, 11));
    const bidirectional = new BertModel(tinyBertConfig(), 4);
    expect(first(bidirectional, 9)).not.toEqual(first(bidirectional, 11));
    causal.dispose();
    bidirectional.dispose();
  });

  it("a sequence longer than max_position_embeddings fails with the limit in the message", () => {
    const model = new BertModel(tinyBertConfig({ max_position_embeddings: 4 }));
    const { input_ids } = tinyBatch(1, 6, 40);
    expect(() => model.forward({ input_ids }, { training: false })).toThrow(/max_position_embeddings 4/);
    model.dispose();
  });
});

describe("loading by model type", () => {
  it("a config.json with model_type bert and no architectures loads as BertModel; architectures pick the head", async () => {
    const source = new BertForSequenceClassification(tinyBertConfig({ num_labels: 4 }), 1);
    const dir = join(scratch(), "by-type");
    await source.savePretrained(dir);
    const head = await fromPretrained(dir);
    expect(head).toBeInstanceOf(BertForSequenceClassification);
    await writeFile(join(dir, "config.json"), JSON.stringify(tinyBertConfig()));
    const base = await fromPretrained(dir, { warn: () => {} });
    expect(base).toBeInstanceOf(BertModel);
    for (const m of [source, head, base]) m.dispose();
  });
});
