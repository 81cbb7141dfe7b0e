import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setupBackend } from "@tfjs-trainer/backend";
import { InMemoryDataset, LayersModelAdapter, Trainer } from "@tfjs-trainer/core";
import type { FitCase } from "../case-spec.js";
import { report } from "../protocol.js";
import { perStep, type StepStamp, stamp } from "../step-time.js";
import { createLayersModel, LAYERS_WORKLOAD } from "../workloads/layers-workload.js";
import { defaultPlugins } from "../workloads/plugin-sets.js";
import { materialise, type TextRow } from "../workloads/synthetic-rows.js";

/**
 * One epoch of the same rows through model.fit (Adam, softmax cross-entropy, shuffled, verbose 0) or through
 * `Trainer.train()` with the default plugins (AdamW without weight decay, a constant learning rate and no clipping:
 * the work fit does). Each side first runs warm-up epochs for `warmupMs`; the next call is timed whole — per-call
 * set-up included on both sides — and divided by its batches.
 */
export async function runFitCase(spec: FitCase): Promise<void> {
  await setupBackend("wasm");
  const rows = materialise(spec.steps * LAYERS_WORKLOAD.batch, LAYERS_WORKLOAD.rows);
  const layersModel = createLayersModel();
  const tensorsBefore = tf.memory().numTensors;
  const epoch =
    spec.runner === "fit"
      ? await fitEpochs(layersModel, rows, spec.warmupMs)
      : await trainerEpochs(layersModel, rows, spec.warmupMs);
  const leaked = tf.memory().numTensors - tensorsBefore;
  layersModel.dispose();
  if (spec.runner === "trainer" && leaked !== 0) report({ note: `${leaked} tensors left after the epochs` });
  report({ run: { msPerStep: epoch.wallMs / spec.steps, cpuMsPerStep: epoch.cpuMs / spec.steps } });
}

/** Runs `epoch` until `warmupMs` have passed (once at least), then once more, timed. */
async function warmThenTime(epoch: () => Promise<unknown>, warmupMs: number): Promise<StepStamp> {
  const warmUntil = performance.now() + warmupMs;
  do await epoch();
  while (performance.now() < warmUntil);
  const start = stamp();
  await epoch();
  return perStep([start, stamp()], 0, 1);
}

async function fitEpochs(model: tf.LayersModel, rows: TextRow[], warmupMs: number): Promise<StepStamp> {
  const { batch, rows: shape, learningRate } = LAYERS_WORKLOAD;
  model.compile({ optimizer: tf.train.adam(learningRate), loss: tf.losses.softmaxCrossEntropy });
  const x = tf.tensor2d(
    rows.map((r) => r.input_ids),
    [rows.length, shape.seq],
    "int32",
  );
  const y = tf.oneHot(
    rows.map((r) => r.label as number),
    shape.numLabels,
  );
  const options = { batchSize: batch, epochs: 1, shuffle: true, verbose: 0 } as const;
  try {
    return await warmThenTime(() => model.fit(x, y, options), warmupMs);
  } finally {
    tf.dispose([x, y]);
    model.optimizer.dispose();
  }
}

async function trainerEpochs(model: tf.LayersModel, rows: TextRow[], warmupMs: number): Promise<StepStamp> {
  const outputDir = await mkdtemp(join(tmpdir(), "bench-trainer-fit-"));
  const trainer = new Trainer({
    model: new LayersModelAdapter(model),
    args: {
      output_dir: outputDir,
      backend: "wasm",
      per_device_train_batch_size: LAYERS_WORKLOAD.batch,
      num_train_epochs: 1,
      learning_rate: LAYERS_WORKLOAD.learningRate,
      weight_decay: 0,
      lr_scheduler_type: "constant",
      max_grad_norm: 0,
      save_strategy: "no",
      report_to: "none",
    },
    trainDataset: new InMemoryDataset(rows),
    plugins: defaultPlugins(),
    logger: () => {},
  });
  try {
    return await warmThenTime(() => trainer.train(), warmupMs);
  } finally {
    trainer.optimizer?.dispose();
    await rm(outputDir, { recursive: true, force: true });
  }
}
