import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  BertForMaskedLM,
  BertForMultipleChoice,
  BertForQuestionAnswering,
  BertForSequenceClassification,
  BertForTokenClassification,
} from "../src/bert/index.js";
import type { HFConfig } from "../src/common/config.js";
import { tinyBatch, tinyBertConfig } from "./helpers/bert.js";
import { disposeAll } from "./helpers/tensors.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

// Hand computations in float64 over the logits the model returned.
function rows(values: ArrayLike<number>, width: number): number[][] {
  return Array.from({ length: values.length / width }, (_, r) =>
    Array.from(values).slice(r * width, (r + 1) * width),
  );
}

function logSoftmax(row: number[]): number[] {
  const max = Math.max(...row);
  const logSum = Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0)) + max;
  return row.map((v) => v - logSum);
}

/** torch's CrossEntropyLoss(ignore_index) mean over the kept rows. */
function handCrossEntropy(logitRows: number[][], labels: number[], ignore = -100): number {
  let sum = 0;
  let count = 0;
  labels.forEach((label, i) => {
    if (label === ignore) return;
    sum -= logSoftmax(logitRows[i])[label];
    count++;
  });
  return sum / count;
}

function lossAndLogits(
  model: { forward: BertForSequenceClassification["forward"] },
  inputs: Record<string, tf.Tensor>,
  logitsKey = "logits",
) {
  const out = model.forward(inputs, { training: false });
  const result = { loss: out.loss!.dataSync()[0], logits: Array.from(out[logitsKey]!.dataSync()), out };
  return result;
}

function sequenceClassifier(overrides: HFConfig) {
  return new BertForSequenceClassification(tinyBertConfig(overrides), 1);
}

describe("BertForSequenceClassification: HF's problem_type", () => {
  it("one label is regression: MSE of the squeezed logits, recorded in the config", () => {
    const model = sequenceClassifier({ num_labels: 1 });
    const batch = tinyBatch(4, 6, 40);
    const targets = [0.5, -1.25, 2, 0];
    const { loss, logits, out } = lossAndLogits(model, { ...batch, labels: tf.tensor1d(targets, "float32") });
    expect(out.logits!.shape).toEqual([4, 1]);
    const expected = logits.reduce((s, v, i) => s + (v - targets[i]) ** 2, 0) / 4;
    expect(loss).toBeCloseTo(expected, 5);
    expect(model.config.problem_type).toBe("regression");
    disposeAll(out);
    disposeAll(batch);
    model.dispose();
  });

  it("integer labels with several labels are single-label classification: cross-entropy", () => {
    const model = sequenceClassifier({ num_labels: 3 });
    const batch = tinyBatch(4, 6, 40);
    const labels = [2, 0, 1, 2];
    const { loss, logits, out } = lossAndLogits(model, { ...batch, labels: tf.tensor1d(labels, "int32") });
    expect(loss).toBeCloseTo(handCrossEntropy(rows(logits, 3), labels), 5);
    expect(model.config.problem_type).toBe("single_label_classification");
    disposeAll(out);
    disposeAll(batch);
    model.dispose();
  });

  it("float labels with several labels are multi-label classification: BCE with logits", () => {
    const model = sequenceClassifier({ num_labels: 3 });
    const batch = tinyBatch(2, 6, 40);
    const targets = [1, 0, 1, 0, 0, 1];
    const labels = tf.tensor2d(targets, [2, 3], "float32");
    const { loss, logits, out } = lossAndLogits(model, { ...batch, labels });
    const expected =
      logits.reduce(
        (s, x, i) => s - (targets[i] * Math.log(sigmoid(x)) + (1 - targets[i]) * Math.log(1 - sigmoid(x))),
        0,
      ) / logits.length;
    expect(loss).toBeCloseTo(expected, 5);
    expect(model.config.problem_type).toBe("multi_label_classification");
    disposeAll(out);
    disposeAll(batch);
    model.dispose();
  });

  it("a problem_type in the config wins over inference from the labels", () => {
    const model = sequenceClassifier({ num_labels: 2, problem_type: "regression" });
    const batch = tinyBatch(2, 5, 40);
    const targets = [1, 0, 0, 1];
    // int labels would mean single-label classification if the config did not say regression
    const { loss, logits, out } = lossAndLogits(model, {
      ...batch,
      labels: tf.tensor2d(targets, [2, 2], "int32"),
    });
    const expected = logits.reduce((s, v, i) => s + (v - targets[i]) ** 2, 0) / logits.length;
    expect(loss).toBeCloseTo(expected, 5);
    disposeAll(out);
    disposeAll(batch);
    model.dispose();
  });

  it("a problem_type HF does not know fails when the config is read", () => {
    expect(() => sequenceClassifier({ problem_type: "ranking" })).toThrow(/problem_type "ranking"/);
  });

  it("no labels, no loss", () => {
    const model = sequenceClassifier({ num_labels: 3 });
    const batch = tinyBatch(2, 5, 40);
    const out = model.forward(batch, { training: false });
    expect(out.loss).toBeUndefined();
    expect(out.logits!.shape).toEqual([2, 3]);
    expect(model.config.problem_type).toBeNull();
    disposeAll(out);
    disposeAll(batch);
    model.dispose();
  });
});

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

describe("BERT token-level and span heads", () => {
  it("token classification: cross-entropy over the tokens not labelled -100", () => {
    const model = new BertForTokenClassification(tinyBertConfig({ num_labels: 5 }), 2);
    const batch = tinyBatch(2, 4, 40);
    const labels = [0, 4, -100, 2, 1, -100, -100, 3];
    const { loss, logits, out } = lossAndLogits(model, {
      ...batch,
      labels: tf.tensor2d(labels, [2, 4], "int32"),
    });
    expect(out.logits!.shape).toEqual([2, 4, 5]);
    expect(loss).toBeCloseTo(handCrossEntropy(rows(logits, 5), labels), 5);
    disposeAll(out);
    disposeAll(batch);
    model.dispose();
  });

  it("masked LM: logits over the vocabulary, cross-entropy over the labelled tokens", () => {
    const model = new BertForMaskedLM(tinyBertConfig(), 4);
    const batch = tinyBatch(2, 3, 40);
    const labels = [-100, 7, -100, 39, -100, 1];
    const { loss, logits, out } = lossAndLogits(model, {
      ...batch,
      labels: tf.tensor2d(labels, [2, 3], "int32"),
    });
    expect(out.logits!.shape).toEqual([2, 3, 40]);
    expect(loss).toBeCloseTo(handCrossEntropy(rows(logits, 40), labels), 4);
    disposeAll(out);
    disposeAll(batch);
    model.dispose();
  });

  it("question answering: mean of start and end cross-entropy; positions past the end clamp to T and are ignored", () => {
    const model = new BertForQuestionAnswering(tinyBertConfig(), 5);
    const length = 6;
    const batch = tinyBatch(3, length, 40);
    const starts = [1, 99, 0];
    const ends = [3, -4, 5];
    const out = model.forward(
      {
        ...batch,
        start_positions: tf.tensor1d(starts, "int32"),
        end_positions: tf.tensor2d(ends, [3, 1], "int32"),
      },
      { training: false },
    );
    expect(out.logits).toBeUndefined();
    expect(out.start_logits!.shape).toEqual([3, length]);
    const startRows = rows(out.start_logits!.dataSync(), length);
    const endRows = rows(out.end_logits!.dataSync(), length);
    const clamp = (p: number) => Math.min(Math.max(p, 0), length);
    // 99 clamps to T (ignored); -4 clamps to 0 (a real target, as in HF)
    const expected =
      (handCrossEntropy(startRows, starts.map(clamp), length) +
        handCrossEntropy(endRows, ends.map(clamp), length)) /
      2;
    expect(out.loss!.dataSync()[0]).toBeCloseTo(expected, 5);
    disposeAll(out);
    disposeAll(batch);
    model.dispose();
  });

  it("multiple choice: [B, choices, T] inputs give logits [B, choices] and cross-entropy over the choices", () => {
    const model = new BertForMultipleChoice(tinyBertConfig(), 6);
    const flat = tinyBatch(6, 5, 40);
    const inputs = {
      input_ids: flat.input_ids.reshape([2, 3, 5]),
      attention_mask: flat.attention_mask.reshape([2, 3, 5]),
      token_type_ids: tf.zeros([2, 3, 5], "int32"),
    };
    const labels = [2, 0];
    const { loss, logits, out } = lossAndLogits(model, { ...inputs, labels: tf.tensor1d(labels, "int32") });
    expect(out.logits!.shape).toEqual([2, 3]);
    expect(loss).toBeCloseTo(handCrossEntropy(rows(logits, 3), labels), 5);
    // the same sequences scored one choice at a time give the same logits: choices do not see each other
    const single = model.forward(
      {
        input_ids: flat.input_ids.slice([3, 0], [1, 5]).reshape([1, 1, 5]),
        attention_mask: flat.attention_mask.slice([3, 0], [1, 5]).reshape([1, 1, 5]),
      },
      { training: false },
    );
    expect(single.logits!.dataSync()[0]).toBeCloseTo(logits[3], 5);
    disposeAll(single);
    disposeAll(out);
    disposeAll(inputs);
    disposeAll(flat);
    model.dispose();
  });
});
