import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { generate } from "../src/generation/generate.js";
import { GPT2LMHeadModel } from "../src/gpt2/lm-head-model.js";
import { readReferenceJson } from "./helpers/fixtures.js";
import { loadReferenceGpt2 } from "./helpers/gpt2.js";
import { ids } from "./helpers/tensors.js";

interface RunData {
  train: { input_ids: number[]; labels: number[] }[];
  pad_token_id: number;
  label_pad_token_id: number;
}

/** DataCollatorWithPadding as the gpt2-clm run used it: right padding to the longest row, labels with -100. */
function collate(rows: RunData["train"], pad: number, labelPad: number) {
  const length = Math.max(...rows.map((row) => row.input_ids.length));
  const fill = (values: number[], value: number) => [...values, ...Array(length - values.length).fill(value)];
  return {
    input_ids: ids(rows.map((row) => fill(row.input_ids, pad))),
    attention_mask: ids(
      rows.map((row) =>
        fill(
          row.input_ids.map(() => 1),
          0,
        ),
      ),
    ),
    labels: ids(rows.map((row) => fill(row.labels, labelPad))),
  };
}

function hostBatch(batch: Record<string, tf.Tensor>) {
  return Object.fromEntries(
    Object.entries(batch).map(([name, t]) => [name, { data: t.dataSync(), shape: t.shape }]),
  );
}

const lossOf = (model: GPT2LMHeadModel, batch: Record<string, tf.Tensor>, numItemsInBatch?: number) =>
  tf.tidy(() => model.forward(batch, { training: false, numItemsInBatch }).loss!.dataSync()[0]);

describe("GPT-2 loss for training", () => {
  let model: GPT2LMHeadModel;
  const run = readReferenceJson<RunData>("runs/gpt2-clm/data.json");
  const log = readReferenceJson<{ log_history: { loss?: number; step: number }[] }>(
    "runs/gpt2-clm/run.json",
  ).log_history;
  beforeAll(async () => {
    await tf.setBackend("cpu");
    model = await loadReferenceGpt2();
  });

  it("counts the items HF's Trainer counts: labels that are not -100, before the shift", () => {
    const batch = collate(run.train.slice(0, 4), run.pad_token_id, run.label_pad_token_id);
    const expected = run.train
      .slice(0, 4)
      .reduce((sum, row) => sum + row.labels.filter((l) => l !== -100).length, 0);
    expect(model.countItems(hostBatch(batch))).toBe(expected);
    expect(model.acceptsLossKwargs).toBe(true);
    tf.dispose(Object.values(batch));
  });

  it("with numItemsInBatch, two micro-batches add up to the token mean of both at once", () => {
    const first = collate(run.train.slice(0, 2), run.pad_token_id, run.label_pad_token_id);
    const second = collate(run.train.slice(2, 5), run.pad_token_id, run.label_pad_token_id);
    const both = collate(run.train.slice(0, 5), run.pad_token_id, run.label_pad_token_id);
    const total = model.countItems(hostBatch(first)) + model.countItems(hostBatch(second));
    const summed = lossOf(model, first, total) + lossOf(model, second, total);
    // HF divides the summed loss of the shifted labels by the count before the shift, for the window as for a batch.
    const atOnce = lossOf(model, both, total);
    expect(Math.abs(summed - atOnce) / atOnce).toBeLessThan(1e-5);
    // Without it, each micro-batch is its own token mean: their average is not the window's.
    expect(Math.abs((lossOf(model, first) + lossOf(model, second)) / 2 - atOnce) / atOnce).toBeGreaterThan(
      1e-4,
    );
    tf.dispose([...Object.values(first), ...Object.values(second), ...Object.values(both)]);
  });

  it("reproduces the loss HF logged for the first accumulation window of the gpt2-clm run", () => {
    // Step 1: micro-batches train[0:4] and train[4:8] with the initial weights (those of models/gpt2).
    const micro = [run.train.slice(0, 4), run.train.slice(4, 8)].map((rows) =>
      collate(rows, run.pad_token_id, run.label_pad_token_id),
    );
    const items = micro.reduce((sum, batch) => sum + model.countItems(hostBatch(batch)), 0);
    const windowLoss = micro.reduce((sum, batch) => sum + lossOf(model, batch, items), 0);
    const logged = log.find((entry) => entry.step === 1 && entry.loss !== undefined)!.loss!;
    expect(Math.abs(windowLoss - logged) / logged).toBeLessThan(1e-5);
    // Counting after the shift (one label fewer per row) would not give HF's number.
    const shiftedItems = items - 8;
    const shiftedLoss = micro.reduce((sum, batch) => sum + lossOf(model, batch, shiftedItems), 0);
    expect(Math.abs(shiftedLoss - logged) / logged).toBeGreaterThan(1e-3);
    for (const batch of micro) tf.dispose(Object.values(batch));
  });
});

describe("GPT-2 in training mode", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  const config = {
    vocab_size: 40,
    n_positions: 16,
    n_embd: 16,
    n_layer: 2,
    n_head: 2,
    eos_token_id: 1,
    bos_token_id: 1,
  };
  const batch = () => ({ input_ids: ids([[3, 4, 5, 6, 7]]), labels: ids([[3, 4, 5, 6, 7]]) });

  it("drops out (resid, embd, attn; HF's 0.1 defaults) only in training, with masks set by the seed", () => {
    const model = new GPT2LMHeadModel(config, 1);
    const inputs = batch();
    const loss = (training: boolean, seed?: number) =>
      tf.tidy(() => model.forward(inputs, { training, seed }).loss!.dataSync()[0]);
    expect(loss(false)).toBe(loss(false));
    expect(loss(true, 7)).toBe(loss(true, 7));
    expect(loss(true, 7)).not.toBe(loss(true, 8));
    expect(loss(true, 7)).not.toBe(loss(false));
    const noDropout = new GPT2LMHeadModel({ ...config, resid_pdrop: 0, embd_pdrop: 0, attn_pdrop: 0 }, 1);
    expect(
      tf.tidy(() => noDropout.forward(inputs, { training: true, seed: 7 }).loss!.dataSync()[0]),
    ).toBeCloseTo(loss(false), 6);
    tf.dispose(Object.values(inputs));
    model.dispose();
    noDropout.dispose();
  });

  it("leaves no tensor behind after forward + backward and after generate (greedy and beam)", async () => {
    const model = new GPT2LMHeadModel(config, 2);
    const inputs = batch();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) {
      const { value, grads } = tf.variableGrads(
        () => model.forward(inputs, { training: true, seed: i, numItemsInBatch: 8 }).loss!,
        model.namedParameters().map((p) => p.variable),
      );
      expect(Object.keys(grads)).toHaveLength(model.namedParameters().length);
      tf.dispose([value, ...Object.values(grads)]);
    }
    expect(tf.memory().numTensors).toBe(before);
    for (const numBeams of [1, 3]) {
      const out = await generate(
        model,
        {
          inputIds: [
            [3, 4, 5],
            [6, 7, 8],
          ],
        },
        { maxNewTokens: 5, numBeams },
      );
      out.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
    tf.dispose(Object.values(inputs));
    model.dispose();
  });
});
