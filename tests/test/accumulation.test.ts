import * as tf from "@tensorflow/tfjs";
import {
  InMemoryDataset,
  TinyClassifier,
  TinyTagger,
  type TrainableModel,
  Trainer,
} from "@tfjs-trainer/core";
import {
  DataCollatorForTokenClassification,
  defaultDataCollator,
  type Feature,
  type HostBatch,
  toTensor,
} from "@tfjs-trainer/data";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./helpers/make-trainer.js";
import { toyClassificationRows, toyTaggingRows } from "./helpers/toy-data.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Runs one optimizer step over `rows` in micro-batches of 2 and captures the window's gradients before the update. */
async function oneWindow(model: TrainableModel, rows: Feature[], collate: (f: Feature[]) => HostBatch) {
  let grads: Record<string, Float32Array> = {};
  const trainer = new Trainer({
    model,
    args: {
      output_dir: tempDir("accum-"),
      per_device_train_batch_size: 2,
      gradient_accumulation_steps: rows.length / 2,
      max_steps: 1,
      learning_rate: 0,
      max_grad_norm: 0,
      logging_steps: 1,
      save_strategy: "no",
      train_sampling_strategy: "sequential",
      backend: "cpu",
    },
    trainDataset: new InMemoryDataset(rows),
    dataCollator: collate,
    plugins: [
      {
        name: "capture",
        options: {},
        apply(t) {
          t.hooks.preOptimizerStep.tapPromise("capture", async () => {
            grads = Object.fromEntries(
              Object.entries(t.loop.accumulatedGrads!).map(([k, g]) => [k, g.dataSync() as Float32Array]),
            );
          });
        },
      },
    ],
  });
  const out = await trainer.train();
  return { loss: out.training_loss, grads };
}

/** Loss and gradients of one forward over all rows at once. */
function wholeBatch(model: TrainableModel, rows: Feature[], collate: (f: Feature[]) => HostBatch) {
  const batch = collate(rows);
  const inputs = Object.fromEntries(Object.entries(batch).map(([k, v]) => [k, toTensor(v)]));
  const { value, grads } = tf.variableGrads(
    () => model.forward(inputs, { training: false }).loss!,
    model.namedParameters().map((p) => p.variable),
  );
  const names = new Map(model.namedParameters().map((p) => [p.variable.name, p.name]));
  const result = {
    loss: value.dataSync()[0],
    grads: Object.fromEntries(
      Object.entries(grads).map(([k, g]) => [names.get(k)!, g.dataSync() as Float32Array]),
    ),
  };
  tf.dispose([value, ...Object.values(grads), ...Object.values(inputs)]);
  return result;
}

function expectClose(actual: Record<string, Float32Array>, expected: Record<string, Float32Array>) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [name, values] of Object.entries(expected)) {
    const got = actual[name];
    for (let i = 0; i < values.length; i++) expect(got[i], `${name}[${i}]`).toBeCloseTo(values[i], 6);
  }
}

describe("gradient accumulation", () => {
  it("a window with unequal token counts gives the loss and gradients of the whole window at once", async () => {
    const rows = toyTaggingRows(4);
    const counts = rows.map((r) => (r.labels as number[]).filter((l) => l !== -100).length);
    // the two micro-batches hold different numbers of tokens with labels: a mean of means would differ
    expect(counts[0] + counts[1]).not.toBe(counts[2] + counts[3]);
    const collate = DataCollatorForTokenClassification({ padTokenId: 0 });
    const config = { vocab_size: 16, hidden_size: 8, num_labels: 4, seed: 5 };
    const expected = wholeBatch(new TinyTagger(config), rows, collate);
    const actual = await oneWindow(new TinyTagger(config), rows, collate);
    expect(actual.loss).toBeCloseTo(expected.loss, 6);
    expectClose(actual.grads, expected.grads);
  });

  it("a model without an item count averages the micro-batch means", async () => {
    const rows = toyClassificationRows(4);
    const config = { vocab_size: 16, hidden_size: 8, num_labels: 3, seed: 5 };
    const pad = (f: Feature[]) =>
      defaultDataCollator(
        f.map((r) => ({
          ...r,
          input_ids: [...(r.input_ids as number[]), 0, 0, 0, 0, 0, 0].slice(0, 6),
          attention_mask: Array.from({ length: 6 }, (_, i) => (i < (r.input_ids as number[]).length ? 1 : 0)),
        })),
      );
    const first = wholeBatch(new TinyClassifier(config), rows.slice(0, 2), pad);
    const second = wholeBatch(new TinyClassifier(config), rows.slice(2), pad);
    const actual = await oneWindow(new TinyClassifier(config), rows, pad);
    expect(actual.loss).toBeCloseTo((first.loss + second.loss) / 2, 6);
    const mean = Object.fromEntries(
      Object.entries(first.grads).map(([k, g]) => [k, g.map((v, i) => (v + second.grads[k][i]) / 2)]),
    );
    expectClose(actual.grads, mean);
  });
});
