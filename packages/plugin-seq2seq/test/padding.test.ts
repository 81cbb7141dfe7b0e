import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InMemoryDataset } from "@tfjs-trainer/core";
import type { HostTensor } from "@tfjs-trainer/data";
import { generate } from "@tfjs-trainer/models";
import { beforeAll, describe, expect, it } from "vitest";
import seq2seq, { paddedLength, type ReplaceIgnoreIndex, replaceIgnoreIndex } from "../src/index.js";
import {
  copyTaskRows,
  loadModel,
  makeTrainer,
  type Row,
  recordingMetrics,
  rowsOf,
  seq2seqCollator,
  TRAINED_BART,
  useCpu,
} from "./helpers.js";

beforeAll(useCpu);

const { eval: evalRows } = copyTaskRows();
const trainedConfig = JSON.parse(readFileSync(join(TRAINED_BART, "generation_config.json"), "utf8"));
/** The trained model's generation config with a max_length every generation exceeds: nothing is padded to it. */
const noPadding = { ...trainedConfig, max_length: 1 };
const BATCH = 4;

const padRows = (rows: number[][], width: number, value: number) =>
  rows.map((row) => [...row, ...Array(width - row.length).fill(value)]);

/** Each batch's generate() output (no padding) and its collated labels, as HF's prediction_step sees them. */
async function perBatch(rows: Row[]): Promise<{ generated: number[][][]; labels: number[][][] }> {
  const model = await loadModel(TRAINED_BART);
  const collate = seq2seqCollator(model);
  const generated: number[][][] = [];
  const labels: number[][][] = [];
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = collate(rows.slice(start, start + BATCH));
    const ids = await generate(
      model,
      { inputIds: rowsOf(batch.input_ids), attentionMask: rowsOf(batch.attention_mask) },
      { maxLength: 12, numBeams: 2 },
    );
    generated.push((await ids.array()) as number[][]);
    ids.dispose();
    labels.push(rowsOf(batch.labels));
  }
  model.dispose();
  return { generated, labels };
}

async function evaluateWith(replace: ReplaceIgnoreIndex) {
  const model = await loadModel(TRAINED_BART);
  const { calls, computeMetrics } = recordingMetrics();
  const trainer = makeTrainer({
    model,
    evalRows,
    computeMetrics,
    args: { per_device_eval_batch_size: BATCH },
    plugins: [
      seq2seq({
        predict_with_generate: true,
        generation_max_length: 12,
        generation_num_beams: 2,
        generation_config: noPadding,
        replaceIgnoreIndex: replace,
      }),
    ],
  });
  await trainer.evaluate();
  const predicted = await trainer.predict(new InMemoryDataset(evalRows));
  model.dispose();
  return {
    predictions: rowsOf(calls[0].predictions as HostTensor),
    labels: rowsOf(calls[0].label_ids as HostTensor),
    predicted: rowsOf(predicted.predictions as HostTensor),
    predictedLabels: rowsOf(predicted.label_ids as HostTensor),
  };
}

describe("HF's padding rule (prediction_step)", () => {
  it("pads to the model's max_length, else to max_new_tokens + 1, else leaves the row", () => {
    expect(paddedLength(5, { maxLength: 20, maxNewTokens: null })).toBe(20);
    expect(paddedLength(20, { maxLength: 20, maxNewTokens: null })).toBe(20);
    expect(paddedLength(25, { maxLength: 20, maxNewTokens: null })).toBe(25);
    expect(paddedLength(25, { maxLength: 20, maxNewTokens: 30 })).toBe(31);
    expect(paddedLength(31, { maxLength: 20, maxNewTokens: 30 })).toBe(31);
    expect(paddedLength(3, { maxLength: 1, maxNewTokens: 9 })).toBe(10);
  });

  it("the model's max_new_tokens pads every batch to max_new_tokens + 1", async () => {
    const model = await loadModel(TRAINED_BART);
    const { calls, computeMetrics } = recordingMetrics();
    const trainer = makeTrainer({
      model,
      evalRows,
      computeMetrics,
      plugins: [
        seq2seq({ predict_with_generate: true, generation_config: { ...noPadding, max_new_tokens: 9 } }),
      ],
    });
    await trainer.evaluate();
    expect((calls[0].predictions as HostTensor).shape).toEqual([evalRows.length, 10]);
    expect((calls[0].label_ids as HostTensor).shape).toEqual([evalRows.length, 10]);
    model.dispose();
  });
});

describe("batches of different lengths", () => {
  it("predictions and labels are concatenated with -100 where a batch is narrower (HF's nested_concat)", async () => {
    const { generated, labels } = await perBatch(evalRows);
    const widths = generated.map((batch) => batch[0].length);
    expect(new Set(widths).size).toBeGreaterThan(1); // the case this test is about
    const width = Math.max(...widths);
    const labelWidth = Math.max(...labels.map((batch) => batch[0].length));
    const result = await evaluateWith("none");
    expect(result.predictions).toEqual(padRows(generated.flat(), width, -100));
    expect(result.labels).toEqual(padRows(labels.flat(), labelWidth, -100));
    expect(result.predicted).toEqual(result.predictions);
    expect(result.predictedLabels).toEqual(result.labels);
  });

  it.each([
    ["predictions", true, false],
    ["labels", false, true],
    ["both", true, true],
  ] as const)(
    "replaceIgnoreIndex %s: -100 becomes the pad id there (HF issue #22634)",
    async (where, inPredictions, inLabels) => {
      const plain = await evaluateWith("none");
      const replaced = await evaluateWith(where);
      const swap = (rows: number[][]) => rows.map((row) => row.map((id) => (id === -100 ? 1 : id)));
      expect(plain.predictions.flat()).toContain(-100);
      expect(plain.labels.flat()).toContain(-100);
      expect(replaced.predictions).toEqual(inPredictions ? swap(plain.predictions) : plain.predictions);
      expect(replaced.labels).toEqual(inLabels ? swap(plain.labels) : plain.labels);
      expect(replaced.predicted).toEqual(replaced.predictions);
      expect(replaced.predictedLabels).toEqual(replaced.labels);
    },
  );

  it("replaceIgnoreIndex uses padTokenId when given, and leaves float arrays alone", () => {
    const ids: HostTensor = { dtype: "int32", shape: [1, 3], data: Int32Array.from([5, -100, -100]) };
    expect(Array.from(replaceIgnoreIndex(ids, 7).data)).toEqual([5, 7, 7]);
    expect(Array.from(ids.data)).toEqual([5, -100, -100]);
    const logits: HostTensor = { dtype: "float32", shape: [2], data: Float32Array.from([-100, 1]) };
    expect(replaceIgnoreIndex(logits, 7)).toBe(logits);
  });

  it("the padTokenId option pads generated ids and labels", async () => {
    const model = await loadModel(TRAINED_BART);
    const { calls, computeMetrics } = recordingMetrics();
    const trainer = makeTrainer({
      model,
      evalRows: evalRows.slice(0, 4),
      computeMetrics,
      plugins: [seq2seq({ predict_with_generate: true, generation_max_length: 12, padTokenId: 9 })],
    });
    await trainer.evaluate();
    for (const row of rowsOf(calls[0].predictions as HostTensor))
      expect(row.slice(12)).toEqual(Array(8).fill(9));
    for (const row of rowsOf(calls[0].label_ids as HostTensor))
      expect(row.slice(12)).toEqual(Array(8).fill(9));
    model.dispose();
  });
});
