import { mkdtemp, open, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setupBackend } from "@tfjs-trainer/backend";
import { InMemoryDataset, Trainer, type TrainingArgumentsInit } from "@tfjs-trainer/core";
import type { CheckpointCase } from "../case-spec.js";
import { report } from "../protocol.js";
import { createCheckpointModel } from "../workloads/checkpoint-models.js";
import { type ProbeTimes, stopAfterFirstStep } from "../workloads/probe-plugin.js";
import { materialise } from "../workloads/synthetic-rows.js";

/**
 * Checkpoint save and load after one real training step (the optimizer holds its moments, the scheduler its
 * step), against writing and reading the same number of bytes as one plain file. Save is `trainer.saveCheckpoint()`:
 * model.safetensors + config, optimizer, scheduler, trainer state, RNG and arguments, fsynced, in a temporary
 * folder renamed into place. Load is a fresh Trainer's `train({ resumeFromCheckpoint })` up to its trainBegin hook
 * (everything restored). The first round is a warm-up; each later one reports.
 */
export async function runCheckpointCase(spec: CheckpointCase): Promise<void> {
  await setupBackend("wasm");
  const tensorsBefore = tf.memory().numTensors;
  const root = await mkdtemp(join(tmpdir(), "bench-trainer-checkpoint-"));
  const { model, vocab } = createCheckpointModel(spec.model);
  const rows = new InMemoryDataset(materialise(2, { seq: 8, vocab, numLabels: 2 }));
  const args = (maxSteps: number): TrainingArgumentsInit => ({
    output_dir: root,
    backend: "wasm",
    per_device_train_batch_size: 1,
    max_steps: maxSteps,
    save_strategy: "no",
    report_to: "none",
  });
  const trainer = new Trainer({ model, args: args(1), trainDataset: rows, plugins: [], logger: () => {} });
  const rawFile = join(root, "raw.bin");
  try {
    await trainer.train();
    for (let round = 0; round <= spec.repeats; round++) {
      await rm(join(root, "checkpoint-1"), { recursive: true, force: true });
      let start = performance.now();
      const dir = await trainer.saveCheckpoint();
      const saveMs = performance.now() - start;
      const bytes = await folderBytes(dir);

      const raw = new Uint8Array(bytes).fill(round + 1);
      await rm(rawFile, { force: true });
      start = performance.now();
      await writeDurable(rawFile, raw);
      const rawWriteMs = performance.now() - start;

      const loadMs = await timeResume(dir, () => {
        const times: ProbeTimes = {};
        const resumer = new Trainer({
          model,
          args: args(2),
          trainDataset: rows,
          plugins: [stopAfterFirstStep(times)],
          logger: () => {},
        });
        return { resumer, times };
      });

      start = performance.now();
      const read = await readFile(rawFile);
      const rawReadMs = performance.now() - start;
      if (read.byteLength !== bytes) throw new Error(`raw read ${read.byteLength} bytes, wrote ${bytes}`);
      if (round > 0) report({ run: { saveMs, loadMs, rawWriteMs, rawReadMs, bytes } });
    }
  } finally {
    trainer.optimizer?.dispose();
    model.dispose();
    await rm(root, { recursive: true, force: true });
  }
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (leaked !== 0) report({ note: `${leaked} tensors left after the runs (model and optimizers disposed)` });
}

/** Milliseconds from train({ resumeFromCheckpoint }) to its trainBegin hook; the run then takes one step and stops. */
async function timeResume(
  dir: string,
  create: () => { resumer: Trainer; times: ProbeTimes },
): Promise<number> {
  const { resumer, times } = create();
  try {
    const start = performance.now();
    await resumer.train({ resumeFromCheckpoint: dir });
    if (times.trainBegin === undefined) throw new Error("the resumed run never reached trainBegin");
    return times.trainBegin - start;
  } finally {
    resumer.optimizer?.dispose();
  }
}

/** As the checkpoint writes each file: write, fsync, close. */
async function writeDurable(path: string, data: Uint8Array): Promise<void> {
  const handle = await open(path, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name))).size;
  return total;
}
