import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import {
  createDataParallelGradients,
  type DataParallelGradients,
  type ModelSource,
} from "@tfjs-trainer/backend";
import type { Trainer } from "../trainer.js";

/** A running pool of gradient workers and what to clean up with it. */
export interface DataParallelRun {
  pool: DataParallelGradients;
  dispose(): Promise<void>;
}

interface SavableModel {
  savePretrained(dir: string): Promise<void>;
}

const isSavable = (model: unknown): model is SavableModel =>
  typeof (model as Partial<SavableModel>).savePretrained === "function";

/**
 * Why this trainer's steps cannot run in gradient workers, or undefined when they can. Workers run the model's own
 * forward and loss on a copy of the model: anything that changes them in this thread would not apply there.
 */
export function dataParallelRefusal(trainer: Trainer, hasModelSource: boolean): string | undefined {
  const { hooks, args } = trainer;
  const backend = tf.getBackend();
  if (backend !== "wasm" && backend !== "cpu") {
    return `gradient workers run on the CPU (wasm or cpu); the trainer runs on ${backend}`;
  }
  for (const [name, hook] of [
    ["prepareInputs", hooks.prepareInputs],
    ["forward", hooks.forward],
    ["computeLoss", hooks.computeLoss],
  ] as const) {
    if (hook.taps.length > 0) {
      return `plugin ${hook.taps.map((t) => `"${t.name}"`).join(", ")} taps ${name}, which the workers would not run`;
    }
  }
  if (trainer.computeLossFunc) return "compute_loss_func replaces the loss, which the workers would not run";
  if (args.label_smoothing_factor > 0)
    return "label smoothing changes the loss, which the workers would not run";
  if (!hasModelSource && !isSavable(trainer.model)) {
    return "the model has no savePretrained to hand to the workers: pass TrainerOptions.dataParallelModel";
  }
  return undefined;
}

/**
 * Starts `data_parallel_workers` gradient workers when asked for (> 1): each builds the model from `source` (by
 * default: this model saved to a temporary folder and loaded with @tfjs-trainer/models' fromPretrained) and gets
 * this thread's weights. Fails, naming the reason, when the steps cannot run there.
 */
export async function startDataParallel(
  trainer: Trainer,
  source: ModelSource | undefined,
): Promise<DataParallelRun | undefined> {
  const workers = trainer.args.data_parallel_workers;
  if (workers <= 1) return undefined;
  const refusal = dataParallelRefusal(trainer, source !== undefined);
  if (refusal) throw new Error(`data_parallel_workers ${workers}: ${refusal}`);
  let folder: string | undefined;
  let modelSource = source;
  if (!modelSource) {
    folder = await mkdtemp(join(tmpdir(), "tfjs-trainer-workers-"));
    await (trainer.model as unknown as SavableModel).savePretrained(folder);
    modelSource = { module: "@tfjs-trainer/models", exportName: "fromPretrained", args: [folder] };
  }
  const cleanFolder = async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  };
  try {
    const pool = await createDataParallelGradients({
      workers,
      backend: tf.getBackend() as "wasm" | "cpu",
      model: modelSource,
    });
    await pool.syncWeights(trainer.model.namedParameters());
    trainer.logger(`training with ${workers} gradient workers on ${tf.getBackend()}`);
    return {
      pool,
      dispose: async () => {
        await pool.dispose();
        await cleanFolder();
      },
    };
  } catch (error) {
    await cleanFolder();
    throw error;
  }
}
