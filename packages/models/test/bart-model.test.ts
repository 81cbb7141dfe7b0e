import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { DataCollatorForSeq2Seq, hostTensor } from "@tfjs-trainer/data";
import { readSafetensorsHeader } from "@tfjs-trainer/safetensors";
import { beforeAll, describe, expect, it } from "vitest";
import { BART_DEFAULTS, BartForConditionalGeneration, bartConfig } from "../src/bart/index.js";
import { shiftTokensRight, shiftTokensRightTensor } from "../src/seq2seq/index.js";
import { withTempDir } from "./helpers/fixtures.js";
import { std } from "./helpers/tensors.js";

const SMALL = {
  vocab_size: 40,
  d_model: 16,
  encoder_layers: 1,
  decoder_layers: 2,
  encoder_attention_heads: 2,
  decoder_attention_heads: 4,
  encoder_ffn_dim: 24,
  decoder_ffn_dim: 20,
  max_position_embeddings: 12,
};

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("BartConfig", () => {
  it("has HF's names and defaults and keeps the fields it does not read", () => {
    const config = bartConfig({
      d_model: 64,
      encoder_attention_heads: 4,
      decoder_attention_heads: 4,
      custom_field: "x",
    });
    expect(config).toMatchObject({
      d_model: 64,
      vocab_size: 50265,
      encoder_layers: 12,
      decoder_ffn_dim: 4096,
      activation_function: "gelu",
      dropout: 0.1,
      attention_dropout: 0,
      activation_dropout: 0,
      init_std: 0.02,
      scale_embedding: false,
      pad_token_id: 1,
      bos_token_id: 0,
      eos_token_id: 2,
      decoder_start_token_id: 2,
      forced_eos_token_id: 2,
      custom_field: "x",
    });
    expect(BART_DEFAULTS.max_position_embeddings).toBe(1024);
  });

  it("names the field of a wrong type and refuses heads that do not divide d_model", () => {
    expect(() => bartConfig({ d_model: "32" })).toThrow(/"d_model"/);
    expect(() => bartConfig({ d_model: 30, encoder_attention_heads: 4 })).toThrow(/divisible/);
  });
});

describe("BART shift right (decoder inputs from labels)", () => {
  const labels = hostTensor("int32", [2, 4], [7, 8, 2, -100, 9, -100, -100, -100]);
  const ids = { decoderStartTokenId: 2, padTokenId: 1 };

  it("puts the start token first, moves labels right and turns -100 into the pad id", () => {
    const shifted = shiftTokensRight(labels, ids);
    expect(shifted.dtype).toBe("int32");
    expect(shifted.shape).toEqual([2, 4]);
    expect(Array.from(shifted.data)).toEqual([2, 7, 8, 2, 2, 9, 1, 1]);
  });

  it("gives the same ids on the host and as a tensor", () => {
    const tensor = shiftTokensRightTensor(tf.tensor(labels.data, labels.shape, "int32"), ids);
    expect(Array.from(tensor.dataSync())).toEqual(Array.from(shiftTokensRight(labels, ids).data));
    tensor.dispose();
  });

  it("is what DataCollatorForSeq2Seq puts in decoder_input_ids for this model", () => {
    const model = new BartForConditionalGeneration({ ...SMALL, decoder_start_token_id: 5, pad_token_id: 1 });
    const collate = DataCollatorForSeq2Seq({ padTokenId: 1, model });
    const batch = collate([
      { input_ids: [4, 6, 2], labels: [10, 11, 2] },
      { input_ids: [4, 2], labels: [12, 2] },
    ]);
    expect(Array.from(batch.labels.data)).toEqual([10, 11, 2, 12, 2, -100]);
    expect(Array.from(batch.decoder_input_ids.data)).toEqual([5, 10, 11, 5, 12, 2]);
    model.dispose();
  });
});

describe("a fresh BartForConditionalGeneration", () => {
  it("initialises as HF's _init_weights", () => {
    const model = new BartForConditionalGeneration(
      { ...SMALL, vocab_size: 400, d_model: 64, init_std: 0.05 },
      1,
    );
    const shared = model.weight("model.shared.weight").arraySync() as number[][];
    expect(std(shared.flat())).toBeCloseTo(0.05, 2);
    expect(shared[1].every((v) => v === 0)).toBe(true);
    expect(std(model.weight("model.encoder.layers.0.fc1.weight").dataSync())).toBeCloseTo(0.05, 2);
    expect(std(model.weight("model.decoder.embed_positions.weight").dataSync())).toBeCloseTo(0.05, 2);
    for (const zero of [
      "model.decoder.layers.1.encoder_attn.q_proj.bias",
      "final_logits_bias",
      "model.encoder.layernorm_embedding.bias",
    ]) {
      expect(
        Array.from(model.weight(zero).dataSync()).every((v) => v === 0),
        zero,
      ).toBe(true);
    }
    expect(
      Array.from(model.weight("model.decoder.layers.0.final_layer_norm.weight").dataSync()).every(
        (v) => v === 1,
      ),
    ).toBe(true);
    model.dispose();
  });

  it("ties embed_tokens and lm_head to model.shared, and keeps final_logits_bias out of training", () => {
    const model = new BartForConditionalGeneration(SMALL);
    const shared = model.weight("model.shared.weight");
    for (const alias of [
      "model.encoder.embed_tokens.weight",
      "model.decoder.embed_tokens.weight",
      "lm_head.weight",
    ]) {
      expect(model.weight(alias)).toBe(shared);
    }
    const names = model.namedParameters().map(({ name }) => name);
    expect(names).toContain("model.shared.weight");
    expect(names).not.toContain("lm_head.weight");
    expect(names).not.toContain("final_logits_bias");
    expect(model.weight("model.encoder.embed_positions.weight").shape).toEqual([
      SMALL.max_position_embeddings + 2,
      16,
    ]);
    model.dispose();
  });

  it("stores its own lm_head when tie_word_embeddings is false", async () => {
    const model = new BartForConditionalGeneration({ ...SMALL, tie_word_embeddings: false });
    expect(model.weight("lm_head.weight")).not.toBe(model.weight("model.shared.weight"));
    try {
      await withTempDir("bart-untied-", async (dir) => {
        await model.savePretrained(dir);
        const header = await readSafetensorsHeader(join(dir, "model.safetensors"));
        const names = [...header.tensors.keys()];
        expect(names).toContain("lm_head.weight");
        expect(names).toContain("final_logits_bias");
        expect(names).not.toContain("model.encoder.embed_tokens.weight");
      });
    } finally {
      model.dispose();
    }
  });

  it("shifts input_ids into decoder inputs when it has neither labels nor decoder_input_ids (as BartModel)", () => {
    const model = new BartForConditionalGeneration(SMALL);
    const inputIds = tf.tensor2d([[3, 4, 5, 2]], undefined, "int32");
    const implicit = model.forward({ input_ids: inputIds }, { training: false });
    const decoderInputIds = tf.tensor2d([[2, 3, 4, 5]], undefined, "int32");
    const explicit = model.forward(
      { input_ids: inputIds, decoder_input_ids: decoderInputIds },
      { training: false },
    );
    expect(implicit.logits?.shape).toEqual([1, 4, SMALL.vocab_size]);
    expect(Array.from(implicit.logits!.dataSync())).toEqual(Array.from(explicit.logits!.dataSync()));
    tf.dispose([inputIds, decoderInputIds, implicit.logits, explicit.logits]);
    model.dispose();
  });

  it("adds final_logits_bias to the logits and scales embeddings by √d_model when scale_embedding", () => {
    const inputIds = tf.tensor2d([[3, 4, 2]], undefined, "int32");
    const logits = (config: object, bias?: number) => {
      const model = new BartForConditionalGeneration({ ...SMALL, ...config }, 4);
      if (bias !== undefined) model.weight("final_logits_bias").assign(tf.fill([1, SMALL.vocab_size], bias));
      const out = model.forward({ input_ids: inputIds }, { training: false });
      const values = Array.from(out.logits!.dataSync());
      out.logits!.dispose();
      model.dispose();
      return values;
    };
    const plain = logits({});
    expect(
      logits({}, 0.25)
        .map((v, i) => v - plain[i])
        .every((d) => Math.abs(d - 0.25) < 1e-5),
    ).toBe(true);
    expect(logits({ scale_embedding: true })).not.toEqual(plain);
    inputIds.dispose();
  });

  it("refuses more positions than max_position_embeddings", () => {
    const model = new BartForConditionalGeneration(SMALL);
    const inputIds = tf.zeros([1, SMALL.max_position_embeddings + 1], "int32");
    expect(() => model.forward({ input_ids: inputIds }, { training: false })).toThrow(
      /max_position_embeddings/,
    );
    inputIds.dispose();
    model.dispose();
  });
});
