import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { DataParallelApi } from "../data-parallel.js";
import type { RunOps } from "../measure.js";
import type { BertHead } from "../row.js";
import { freshBertMini, randomHostBatch } from "./bert-step.js";

/**
 * The BERT-mini step with the batch split over worker threads (one tfjs each, on `backend`): the workers compute the
 * gradients of their shares, this thread adds them up, steps AdamW and copies the new weights back to the workers.
 * The workers load the model the way a checkpoint is loaded (fromPretrained of a folder this thread wrote).
 */
export async function bertParallelStepWorkload(
  head: BertHead,
  batch: number,
  seq: number,
  api: DataParallelApi,
  workers: number,
  backend: "wasm" | "cpu",
): Promise<{ runOps: RunOps; dispose(): Promise<void> }> {
  const { model, optimizer } = freshBertMini(head);
  const folder = await mkdtemp(join(tmpdir(), "bench-bert-mini-"));
  await model.savePretrained(folder);
  const pool = await api.create({
    workers,
    backend,
    model: { module: "@tfjs-trainer/models", exportName: "fromPretrained", args: [folder] },
  });
  const parameters = model.namedParameters();
  await pool.syncWeights(parameters);
  const hostBatch = randomHostBatch(head, batch, seq);
  let dropoutSeed = 0;

  const runOps: RunOps = async (count) => {
    for (let i = 0; i < count; i++) {
      const { grads } = await pool.computeGradients(hostBatch, { seed: dropoutSeed++ });
      optimizer.step(grads);
      tf.dispose(Object.values(grads));
      await pool.syncWeights(parameters);
    }
  };
  return {
    runOps,
    dispose: async () => {
      await pool.dispose();
      optimizer.dispose();
      model.dispose();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
