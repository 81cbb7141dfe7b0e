import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  BertForMaskedLM,
  BertForMultipleChoice,
  BertForQuestionAnswering,
  BertForSequenceClassification,
  BertForTokenClassification,
  BertModel,
  type BertPreTrainedModel,
} from "../src/bert/index.js";
import type { HFConfig } from "../src/common/config.js";
import { tinyBatch, tinyBertConfig } from "./helpers/bert.js";
import { epochFloatingPointOps, readReferenceJson, referencePath } from "./helpers/fixtures.js";
import { disposeAll } from "./helpers/tensors.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

type Head = new (config: HFConfig, seed?: number) => BertPreTrainedModel;

/** Each head with a batch carrying its labels (B = 2, T = 5). */
const HEADS: [string, Head, () => Record<string, tf.Tensor>][] = [
  [
    "BertForSequenceClassification",
    BertForSequenceClassification,
    () => ({ ...tinyBatch(2, 5, 40), labels: tf.tensor1d([1, 0], "int32") }),
  ],
  [
    "BertForTokenClassification",
    BertForTokenClassification,
    () => ({
      ...tinyBatch(2, 5, 40),
      labels: tf.tensor2d([0, 1, 1, -100, 0, 1, 0, 0, -100, -100], [2, 5], "int32"),
    }),
  ],
  [
    "BertForQuestionAnswering",
    BertForQuestionAnswering,
    () => ({
      ...tinyBatch(2, 5, 40),
      start_positions: tf.tensor1d([1, 2], "int32"),
      end_positions: tf.tensor1d([3, 2], "int32"),
    }),
  ],
  [
    "BertForMultipleChoice",
    BertForMultipleChoice,
    () => {
      const flat = tinyBatch(4, 5, 40);
      const batch = {
        input_ids: flat.input_ids.reshape([2, 2, 5]),
        attention_mask: flat.attention_mask.reshape([2, 2, 5]),
        labels: tf.tensor1d([1, 0], "int32"),
      };
      disposeAll(flat);
      return batch;
    },
  ],
  [
    "BertForMaskedLM",
    BertForMaskedLM,
    () => ({
      ...tinyBatch(2, 5, 40),
      labels: tf.tensor2d([-100, 4, -100, -100, 9, 3, -100, -100, -100, -100], [2, 5], "int32"),
    }),
  ],
];

function scoresOf(
  model: BertPreTrainedModel,
  batch: Record<string, tf.Tensor>,
  training: boolean,
  seed?: number,
) {
  const out = model.forward(batch, { training, seed });
  const key = out.logits ? "logits" : "start_logits";
  const values = Array.from(out[key]!.dataSync());
  disposeAll(out);
  return values;
}

describe("BERT heads in training", () => {
  it.each(HEADS)("%s: declares the contract HF's Trainer relies on", (modelClass, Head) => {
    const model = new Head(tinyBertConfig());
    expect(model.modelClass).toBe(modelClass);
    expect(model.acceptsLossKwargs).toBe(false);
    for (const label of model.labelNames ?? ["labels"]) expect(model.inputNames).toContain(label);
    expect(model.inputNames).toEqual(
      expect.arrayContaining(["input_ids", "attention_mask", "token_type_ids"]),
    );
    model.dispose();
  });

  it.each(HEADS)("%s: dropout only in training, the same masks for the same seed", (_, Head, makeBatch) => {
    const model = new Head(
      tinyBertConfig({ hidden_dropout_prob: 0.3, attention_probs_dropout_prob: 0.3 }),
      9,
    );
    const batch = makeBatch();
    const evalA = scoresOf(model, batch, false, 1);
    expect(scoresOf(model, batch, false, 2)).toEqual(evalA);
    const trainA = scoresOf(model, batch, true, 11);
    expect(scoresOf(model, batch, true, 11)).toEqual(trainA);
    expect(scoresOf(model, batch, true, 12)).not.toEqual(trainA);
    expect(trainA).not.toEqual(evalA);
    disposeAll(batch);
    model.dispose();
  });

  it.each(HEADS)(
    "%s: forward and backward leave no tensors; every weight gets a gradient",
    (modelClass, Head, makeBatch) => {
      const model = new Head(tinyBertConfig(), 3);
      const batch = makeBatch();
      const variables = model.namedParameters().map((p) => p.variable);
      const before = tf.memory().numTensors;

      disposeAll(model.forward(batch, { training: false }));
      disposeAll(model.forward(batch, { training: true, seed: 5 }));
      const { value, grads } = tf.variableGrads(
        () => model.forward(batch, { training: true, seed: 6 }).loss!,
        variables,
      );
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      expect(Object.keys(grads).sort()).toEqual(variables.map((v) => v.name).sort());
      const byName = new Map(model.namedParameters().map((p) => [p.variable.name, p.name]));
      const sizes = Object.entries(grads).map(
        ([variableName, g]) =>
          [byName.get(variableName)!, tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0])] as const,
      );
      const largest = Math.max(...sizes.map(([, size]) => size));
      // zero up to float rounding, in HF too: a key bias adds the same score to every key of a query, which the
      // softmax over keys cancels; multiple choice's classifier bias adds the same score to every choice
      const cancelled = (name: string) =>
        name.endsWith("attention.self.key.bias") ||
        (modelClass === "BertForMultipleChoice" && name === "classifier.bias");
      for (const [name, size] of sizes) {
        if (cancelled(name)) expect(size, name).toBeLessThan(1e-5 * largest);
        else expect(size, name).toBeGreaterThan(0);
      }
      value.dispose();
      tf.dispose(grads);

      expect(tf.memory().numTensors).toBe(before);
      disposeAll(batch);
      model.dispose();
    },
  );

  it("BertModel: hidden states and pooled output without leaks", () => {
    const model = new BertModel(tinyBertConfig());
    const batch = tinyBatch(3, 4, 40);
    const before = tf.memory().numTensors;
    const out = model.forward(batch, { training: true, seed: 1 });
    expect(out.last_hidden_state!.shape).toEqual([3, 4, 16]);
    expect(out.pooler_output!.shape).toEqual([3, 16]);
    expect(out.loss).toBeUndefined();
    disposeAll(out);
    expect(tf.memory().numTensors).toBe(before);
    disposeAll(batch);
    model.dispose();
  });
});

describe("BERT FLOPs as HF counts them", () => {
  it("6 × tokens × non-embedding parameters reproduces total_flos of HF's bert-seqcls run", async () => {
    interface Example {
      input_ids: number[];
    }
    const data = readReferenceJson<{ train: Example[] }>("runs/bert-seqcls/data.json");
    const run = readReferenceJson<{
      args: { per_device_train_batch_size: number };
      checkpoints_kept: string[];
    }>("runs/bert-seqcls/run.json");
    const { fromPretrained } = await import("../src/common/pretrained-model.js");
    const model = await fromPretrained<BertPreTrainedModel>(referencePath("models/bert-seqcls/"));
    const epochFlos = epochFloatingPointOps(model, data.train, run.args.per_device_train_batch_size);
    expect(run.checkpoints_kept.length).toBeGreaterThan(0);
    for (const checkpoint of run.checkpoints_kept) {
      const state = readReferenceJson<{ epoch: number; total_flos: number }>(
        `runs/bert-seqcls/${checkpoint.split("/").pop()}/trainer_state.json`,
      );
      expect(epochFlos * state.epoch).toBe(state.total_flos);
    }
    model.dispose();
  });
});
