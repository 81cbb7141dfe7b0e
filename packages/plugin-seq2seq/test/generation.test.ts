import * as tf from "@tensorflow/tfjs";
import type { HostTensor } from "@tfjs-trainer/data";
import { generate } from "@tfjs-trainer/models";
import { beforeAll, describe, expect, it } from "vitest";
import seq2seq from "../src/index.js";
import {
  BART,
  copyTaskRows,
  loadModel,
  makeTrainer,
  recordingMetrics,
  rowsOf,
  seq2seqCollator,
  T5,
  TRAINED_BART,
  useCpu,
} from "./helpers.js";

beforeAll(useCpu);

const { eval: evalRows } = copyTaskRows();

/** generate() on each batch of `rows` (batch size 4) with these options, each row padded to `width` with `pad`. */
async function expectedGenerations(
  dir: string,
  rows: { input_ids: number[] }[],
  options: Parameters<typeof generate>[2],
  width: number,
  pad: number,
): Promise<number[][]> {
  const model = await loadModel(dir);
  const collate = seq2seqCollator(model);
  const out: number[][] = [];
  try {
    for (let start = 0; start < rows.length; start += 4) {
      const batch = collate(rows.slice(start, start + 4));
      const ids = await generate(
        model,
        {
          inputIds: rowsOf(batch.input_ids),
          attentionMask: rowsOf(batch.attention_mask),
        },
        options,
      );
      for (const row of (await ids.array()) as number[][])
        out.push([...row, ...Array(width - row.length).fill(pad)]);
      ids.dispose();
    }
  } finally {
    model.dispose();
  }
  return out;
}

describe("generation during evaluate", () => {
  it("BART: the predictions are generate()'s ids with the arguments' length and beams, padded to the model's max_length", async () => {
    const model = await loadModel(TRAINED_BART);
    const { calls, computeMetrics } = recordingMetrics();
    const trainer = makeTrainer({
      model,
      evalRows,
      computeMetrics,
      plugins: [seq2seq({ predict_with_generate: true, generation_max_length: 12, generation_num_beams: 2 })],
    });
    const metrics = await trainer.evaluate();
    expect(calls).toHaveLength(1);
    const predictions = calls[0].predictions as HostTensor;
    // the model's generation config sets max_length 20 (HF's default): every batch is padded to it with pad id 1
    expect(predictions.shape).toEqual([evalRows.length, 20]);
    expect(rowsOf(predictions)).toEqual(
      await expectedGenerations(TRAINED_BART, evalRows, { maxLength: 12, numBeams: 2 }, 20, 1),
    );
    expect(metrics.eval_seen).toBe(evalRows.length);
    expect(metrics.eval_loss).toBeGreaterThan(0);
    model.dispose();
  });

  it("the loss is the forward pass's: equal to the loss of an evaluation that does not generate", async () => {
    const model = await loadModel(BART);
    const withGenerate = makeTrainer({
      model,
      evalRows,
      computeMetrics: recordingMetrics().computeMetrics,
      plugins: [seq2seq({ predict_with_generate: true })],
    });
    const without = makeTrainer({ model, evalRows, plugins: [] });
    const generated = await withGenerate.evaluate();
    const plain = await without.evaluate();
    expect(generated.eval_loss).toBeCloseTo(plain.eval_loss, 6);
    model.dispose();
  });

  it("labels are padded to the same length with the pad id, keeping the collator's -100", async () => {
    const model = await loadModel(BART);
    const { calls, computeMetrics } = recordingMetrics();
    const trainer = makeTrainer({
      model,
      evalRows,
      computeMetrics,
      plugins: [seq2seq({ predict_with_generate: true, generation_max_length: 6 })],
    });
    await trainer.evaluate();
    const labels = rowsOf(calls[0].label_ids as HostTensor);
    expect(labels).toHaveLength(evalRows.length);
    for (const [i, row] of labels.entries()) {
      const target = evalRows[i].labels as number[];
      const batchWidth = Math.max(
        ...evalRows.slice(i - (i % 4), i - (i % 4) + 4).map((r) => r.labels!.length),
      );
      expect(row).toEqual([
        ...target,
        ...Array(batchWidth - target.length).fill(-100),
        ...Array(20 - batchWidth).fill(1),
      ]);
    }
    model.dispose();
  });

  it("T5: generates from its decoder start token (0), padded with its pad id (0)", async () => {
    const model = await loadModel(T5);
    const { calls, computeMetrics } = recordingMetrics();
    const trainer = makeTrainer({
      model,
      evalRows: evalRows.slice(0, 6),
      computeMetrics,
      plugins: [seq2seq({ predict_with_generate: true, generation_max_length: 8 })],
    });
    await trainer.evaluate();
    const predictions = calls[0].predictions as HostTensor;
    expect(predictions.shape).toEqual([6, 20]);
    expect(rowsOf(predictions)).toEqual(
      await expectedGenerations(T5, evalRows.slice(0, 6), { maxLength: 8 }, 20, 0),
    );
    model.dispose();
  });

  it("decoder_input_ids made from the labels are dropped before generating (HF)", async () => {
    const model = await loadModel(TRAINED_BART);
    const run = async (withDecoderInputs: boolean) => {
      const { calls, computeMetrics } = recordingMetrics();
      const trainer = makeTrainer({
        model,
        evalRows,
        computeMetrics,
        dataCollator: seq2seqCollator(model, withDecoderInputs),
        plugins: [seq2seq({ predict_with_generate: true, generation_max_length: 12 })],
      });
      const metrics = await trainer.evaluate();
      return { predictions: rowsOf(calls[0].predictions as HostTensor), loss: metrics.eval_loss };
    };
    const plain = await run(false);
    const fromLabels = await run(true);
    expect(fromLabels.predictions).toEqual(plain.predictions);
    expect(fromLabels.loss).toBeCloseTo(plain.loss, 6);
    model.dispose();
  });

  it("a decoder prompt that is not made from the labels is refused, naming the reason", async () => {
    const model = await loadModel(BART);
    const collate = seq2seqCollator(model);
    const trainer = makeTrainer({
      model,
      evalRows,
      computeMetrics: recordingMetrics().computeMetrics,
      dataCollator: (features) => {
        const batch = collate(features);
        const rows = batch.input_ids.shape[0];
        batch.decoder_input_ids = { dtype: "int32", shape: [rows, 1], data: new Int32Array(rows).fill(2) };
        return batch;
      },
      plugins: [seq2seq({ predict_with_generate: true })],
    });
    const before = tf.memory().numTensors;
    await expect(trainer.evaluate()).rejects.toThrow(/decoder prompt/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it("predict() on rows without labels: generated ids, no labels, no loss", async () => {
    const model = await loadModel(TRAINED_BART);
    const trainer = makeTrainer({
      model,
      plugins: [seq2seq({ predict_with_generate: true, generation_max_length: 12, generation_num_beams: 2 })],
    });
    const rows = evalRows.map(({ input_ids }) => ({ input_ids }));
    const output = await trainer.predict(new (await import("@tfjs-trainer/core")).InMemoryDataset(rows));
    expect(output.label_ids).toBeUndefined();
    expect(output.metrics.test_loss).toBeUndefined();
    expect(rowsOf(output.predictions as HostTensor)).toEqual(
      await expectedGenerations(TRAINED_BART, rows, { maxLength: 12, numBeams: 2 }, 20, 1),
    );
    model.dispose();
  });

  it("a model that cannot generate is refused when the trainer is built", async () => {
    const { TinyClassifier } = await import("@tfjs-trainer/core");
    expect(() =>
      makeTrainer({
        model: new TinyClassifier({ vocab_size: 8, hidden_size: 4, num_labels: 2 }),
        dataCollator: (rows) => seq2seqCollator({ config: { pad_token_id: 0 } } as never)(rows),
        plugins: [seq2seq({ predict_with_generate: true })],
      }),
    ).toThrow(/needs a model that generates/);
  });
});
