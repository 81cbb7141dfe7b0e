import * as tf from "@tensorflow/tfjs";
import { InMemoryDataset, TinyTagger, Trainer } from "@tfjs-trainer/core";
import { DataCollatorForTokenClassification, type HostTensor, toNested } from "@tfjs-trainer/data";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./helpers/make-trainer.js";
import { toyTaggingRows } from "./helpers/toy-data.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function predictor(evalAccumulationSteps?: number) {
  return new Trainer({
    model: new TinyTagger({ vocab_size: 16, hidden_size: 8, num_labels: 4, seed: 9 }),
    args: {
      output_dir: tempDir("eval-"),
      per_device_eval_batch_size: 2,
      eval_accumulation_steps: evalAccumulationSteps,
      backend: "cpu",
    },
    dataCollator: DataCollatorForTokenClassification({ padTokenId: 0 }),
    plugins: [],
  });
}

describe("evaluation loop", () => {
  const rows = toyTaggingRows(7);

  it("concatenates batches of different lengths, padding predictions and labels with -100", async () => {
    const out = await predictor().predict(new InMemoryDataset(rows));
    const preds = out.predictions as HostTensor;
    const labels = out.label_ids as HostTensor;
    const longest = Math.max(...rows.map((r) => (r.input_ids as number[]).length));
    expect(preds.shape).toEqual([7, longest, 4]);
    expect(labels.shape).toEqual([7, longest]);
    const nestedLabels = toNested(labels) as number[][];
    const nestedPreds = toNested(preds) as number[][][];
    rows.forEach((row, i) => {
      const ids = row.input_ids as number[];
      const batchStart = i - (i % 2);
      const batchLen = Math.max(
        ...rows.slice(batchStart, batchStart + 2).map((r) => (r.input_ids as number[]).length),
      );
      // inside the batch: the row's labels, then the collator's -100 padding up to the batch's length
      expect(nestedLabels[i].slice(0, ids.length)).toEqual(row.labels);
      // beyond the batch's own length: the loop's -100 padding, in predictions and labels alike
      for (let t = batchLen; t < longest; t++) {
        expect(nestedLabels[i][t]).toBe(-100);
        expect(nestedPreds[i][t]).toEqual([-100, -100, -100, -100]);
      }
      for (let t = 0; t < batchLen; t++) expect(nestedPreds[i][t]).not.toContain(-100);
    });
    expect(out.metrics.test_loss).toBeGreaterThan(0);
    expect(Object.keys(out.metrics).sort()).toEqual([
      "test_loss",
      "test_runtime",
      "test_samples_per_second",
      "test_steps_per_second",
    ]);
  });

  it("eval_accumulation_steps gives the same predictions, labels and loss", async () => {
    const plain = await predictor().predict(new InMemoryDataset(rows));
    for (const steps of [1, 3]) {
      const accumulated = await predictor(steps).predict(new InMemoryDataset(rows));
      expect(accumulated.predictions).toEqual(plain.predictions);
      expect(accumulated.label_ids).toEqual(plain.label_ids);
      expect(accumulated.metrics.test_loss).toBe(plain.metrics.test_loss);
    }
  });

  it("evaluate() prefixes metrics, adds compute_metrics' results and logs them; a dict of datasets prefixes each", async () => {
    const trainer = new Trainer({
      model: new TinyTagger({ vocab_size: 16, hidden_size: 8, num_labels: 4, seed: 9 }),
      args: { output_dir: tempDir("eval-"), per_device_eval_batch_size: 3, backend: "cpu" },
      dataCollator: DataCollatorForTokenClassification({ padTokenId: 0 }),
      computeMetrics: ({ predictions, label_ids }) => ({
        rows: (predictions as HostTensor).shape[0],
        label_rows: (label_ids as HostTensor).shape[0],
      }),
      evalDataset: { a: new InMemoryDataset(rows.slice(0, 4)), b: new InMemoryDataset(rows.slice(4)) },
      plugins: [],
    });
    const metrics = await trainer.evaluate();
    expect(metrics.eval_a_rows).toBe(4);
    expect(metrics.eval_b_label_rows).toBe(3);
    expect(
      Object.keys(metrics)
        .filter((k) => k.startsWith("eval_a_"))
        .slice(0, 3),
    ).toEqual(["eval_a_loss", "eval_a_rows", "eval_a_label_rows"]);
    expect(trainer.state.log_history).toHaveLength(2);
  });
});
