import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { IndexOutOfRangeError, InMemoryDataset, type TrainableModel } from "@tfjs-trainer/core";
import { DataCollatorForTokenClassification, type Feature } from "@tfjs-trainer/data";
import { fromPretrained } from "@tfjs-trainer/models";
import { beforeAll, describe, expect, it } from "vitest";
import { flatWeights, makeTrainer } from "../helpers/make-trainer.js";
import { toyClassificationRows, toyTaggingRows } from "../helpers/toy-data.js";
import { checkpointNames, expectNoTfjsInternals, numTensors, rejection } from "./outcomes.js";

const MODELS = join(import.meta.dirname, "../../../fixtures/hf-reference/models");
const silent = { logger: () => {} };

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/**
 * Trains on `rows` (in order: the bad row sits in the first batch) and returns the error; the model must be exactly
 * as it was, with no tensor left over and no checkpoint written.
 */
async function failedTraining(rows: Feature[], extra: Parameters<typeof makeTrainer>[1] = {}) {
  const trainer = makeTrainer(
    { save_strategy: "steps", save_steps: 1, train_sampling_strategy: "sequential" },
    { ...silent, trainDataset: new InMemoryDataset(rows), ...extra },
  );
  const before = flatWeights(trainer);
  const tensors = numTensors();
  const error = await rejection(trainer.train());
  expect(flatWeights(trainer)).toEqual(before);
  expect(numTensors()).toBe(tensors);
  expect(checkpointNames(trainer.args.output_dir)).toEqual([]);
  return { error, trainer };
}

describe("bad input: an empty dataset", () => {
  it("train() refuses an empty train dataset", async () => {
    const { error } = await failedTraining([]);
    expect(error.message).toBe("Trainer: the train dataset is empty");
  });

  it("evaluate() and predict() refuse an empty dataset instead of logging metrics of nothing", async () => {
    const trainer = makeTrainer({}, silent);
    const evaluation = await rejection(trainer.evaluate({ evalDataset: new InMemoryDataset([]) }));
    expect(evaluation.message).toBe("Trainer: the eval dataset is empty");
    const prediction = await rejection(trainer.predict(new InMemoryDataset([])));
    expect(prediction.message).toBe("Trainer: the test dataset is empty");
  });

  it("an iterable dataset with no rows stops at step 0 with a warning, as HF does, and saves nothing", async () => {
    const messages: string[] = [];
    const trainer = makeTrainer(
      { max_steps: 3, save_strategy: "steps", save_steps: 1 },
      {
        logger: (m) => messages.push(m),
        trainDataset: {
          async *[Symbol.asyncIterator]() {
            // no rows
          },
        },
      },
    );
    const output = await trainer.train();
    expect(output.global_step).toBe(0);
    expect(messages).toContain("warning: epoch 0 had no batch; stopping training at step 0");
    expect(checkpointNames(trainer.args.output_dir)).toEqual([]);
  });
});

describe("bad input: a missing column", () => {
  it("a row without input_ids is named by its index in the dataset", async () => {
    const rows = toyClassificationRows(8);
    delete rows[2].input_ids;
    const { error } = await failedTraining(rows);
    expect(error.message).toBe('train dataset row 2: "input_ids" is missing');
  });

  it("a row without its label is named by its index in the dataset", async () => {
    const rows = toyClassificationRows(8);
    delete rows[3].label;
    const { error } = await failedTraining(rows);
    expect(error.message).toBe('train dataset row 3: "label" is missing');
  });

  it("no label column at all: the model returns no loss, and the message says which column is missing", async () => {
    const rows = toyClassificationRows(8).map(({ input_ids }) => ({ input_ids }));
    const { error } = await failedTraining(rows);
    expect(error.message).toBe(
      'the model returned no loss: its outputs are logits and the batch has input_ids, attention_mask (is a "labels" column missing?)',
    );
  });

  it("no column the model reads: lists the model's inputs and the dataset's columns", async () => {
    const rows = toyClassificationRows(8).map(({ input_ids }) => ({ text: String(input_ids) }));
    const { error } = await failedTraining(rows);
    expect(error.message).toBe(
      "train dataset: no column the model accepts (model inputs: input_ids, attention_mask, labels; dataset " +
        "columns: text). Rename the columns or set remove_unused_columns false.",
    );
  });
});

describe("bad input: labels out of range (checked before tfjs's oneHot would give a silently wrong loss)", () => {
  it("a class label >= num_labels names the column, the value, its place and the range", async () => {
    const rows = toyClassificationRows(8);
    rows[3].label = 5;
    const { error } = await failedTraining(rows);
    expect(error).toBeInstanceOf(IndexOutOfRangeError);
    expect(error.message).toMatch(
      /^"labels"\[3\] of the batch is 5: TinyForSequenceClassification needs labels in \[0, 3\) \(num_labels = 3\), or -100 to ignore a position$/,
    );
  });

  it("a negative label other than -100 is refused too; -100 itself is accepted", async () => {
    const rows = toyClassificationRows(8);
    rows[2].label = -1;
    const { error } = await failedTraining(rows);
    expect(error.message).toMatch(/^"labels"\[2\] of the batch is -1: /);
    const ignored = toyClassificationRows(8);
    ignored[2].label = -100;
    await expect(
      makeTrainer({}, { ...silent, trainDataset: new InMemoryDataset(ignored) }).train(),
    ).resolves.toBeDefined();
  });

  it("evaluate() checks labels as train() does", async () => {
    const rows = toyClassificationRows(4);
    rows[1].label = 3;
    const error = await rejection(
      makeTrainer({}, silent).evaluate({ evalDataset: new InMemoryDataset(rows) }),
    );
    expect(error.message).toMatch(/^"labels"\[1\] of the batch is 3: .* \[0, 3\) \(num_labels = 3\)/);
  });

  it("BERT sequence classification (HF checkpoint, num_labels from id2label)", async () => {
    const model = await fromPretrained(join(MODELS, "bert-seqcls"));
    const rows = toyClassificationRows(8);
    rows[0].label = 3;
    const { error } = await failedTraining(rows, { model });
    expect(error.message).toMatch(
      /^"labels"\[0\] of the batch is 3: BertForSequenceClassification needs labels in \[0, 3\) \(num_labels = 3\)/,
    );
    expectNoTfjsInternals(error);
    model.dispose();
  });

  it("BERT token classification: a tag >= num_labels among -100 paddings", async () => {
    const model = await fromPretrained(join(MODELS, "bert-tokcls"));
    const rows = toyTaggingRows(8, 16, 5);
    (rows[1].labels as number[])[1] = 9;
    const { error } = await failedTraining(rows, {
      model,
      dataCollator: DataCollatorForTokenClassification({ padTokenId: 0 }),
    });
    expect(error.message).toMatch(
      /^"labels"\[1, 1\] of the batch is 9: BertForTokenClassification needs labels in \[0, 5\) \(num_labels = 5\), or -100 to ignore a position$/,
    );
    model.dispose();
  });
});

describe("bad input: ids outside the vocabulary (tfjs's gather would fail naming only its op)", () => {
  it("an input id >= vocab_size names the column and vocab_size", async () => {
    const rows = toyClassificationRows(8);
    (rows[1].input_ids as number[])[0] = 40;
    const { error } = await failedTraining(rows);
    expect(error.message).toMatch(
      /^"input_ids"\[1, 0\] of the batch is 40: TinyForSequenceClassification needs input_ids in \[0, 16\) \(vocab_size = 16\)$/,
    );
    expectNoTfjsInternals(error);
  });

  it("GPT-2: a token id past the vocabulary, in input_ids or labels", async () => {
    const model = (await fromPretrained(join(MODELS, "gpt2"))) as TrainableModel & { dispose(): void };
    const rows = toyClassificationRows(8).map(({ input_ids }) => ({
      input_ids,
      labels: [...(input_ids as number[])],
    }));
    (rows[0].labels as number[])[0] = 64;
    const { error } = await failedTraining(rows, {
      model,
      dataCollator: DataCollatorForTokenClassification({ padTokenId: 0 }),
    });
    expect(error.message).toMatch(
      /^"labels"\[0, 0\] of the batch is 64: GPT2LMHeadModel needs labels in \[0, 64\) \(vocab_size = 64\)/,
    );
    model.dispose();
  });
});
