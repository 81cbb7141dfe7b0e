import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type * as tf from "@tensorflow/tfjs";
import {
  listCheckpoints,
  MODEL_FILE,
  OPTIMIZER_FILE,
  TRAINER_STATE_FILE,
  type Trainer,
} from "@tfjs-trainer/core";

/** Everything a finished run must reproduce bit for bit, as the run's own process saw it at the end. */
export interface RunResult {
  globalStep: number;
  /** sha256 of every trainable tensor's bytes, by HF name (the weights after load_best_model_at_end). */
  weights: Record<string, string>;
  /** sha256 of every optimizer state tensor (AdamW moments) and the optimizer's scalars (step counts, lr). */
  optimizer: { tensors: Record<string, string>; meta: unknown };
  scheduler: unknown;
  rng: unknown;
  /** log_history without wall-clock figures: losses, the running-loss mean train_loss, eval metrics, grad norms. */
  logHistory: Record<string, unknown>[];
  bestMetric: number | null;
  bestCheckpoint: string | null;
  /** checkpoint-N folders left in output_dir (rotation's outcome). */
  checkpoints: string[];
  /** The newest checkpoint's files: what a later resume would load. */
  newest: { name: string; model: string; optimizer: string; statefulCallbacks: unknown } | null;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function tensorHash(tensor: tf.Tensor): Promise<string> {
  const data = (await tensor.data()) as Float32Array | Int32Array | Uint8Array;
  return sha256(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

/** Figures logged from a clock (…_runtime, …_per_second) differ between any two runs; everything else must not. */
export function timeless(history: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return history.map((entry) =>
    Object.fromEntries(Object.entries(entry).filter(([key]) => !/_(runtime|per_second)$/.test(key))),
  );
}

export async function collectRunResult(trainer: Trainer): Promise<RunResult> {
  const { state, args } = trainer;
  const weights: Record<string, string> = {};
  for (const { name, variable } of trainer.model.namedParameters())
    weights[name] = await tensorHash(variable);
  const optimizer: RunResult["optimizer"] = { tensors: {}, meta: null };
  if (trainer.optimizer) {
    const { tensors, meta } = trainer.optimizer.stateDict();
    try {
      for (const [name, tensor] of Object.entries(tensors))
        optimizer.tensors[name] = await tensorHash(tensor);
    } finally {
      for (const tensor of Object.values(tensors)) tensor.dispose();
    }
    optimizer.meta = meta;
  }
  const checkpoints = await listCheckpoints(args.output_dir);
  const newest = checkpoints.at(-1);
  return {
    globalStep: state.global_step,
    weights,
    optimizer,
    scheduler: trainer.scheduler?.stateDict() ?? null,
    rng: trainer.rng.getState(),
    logHistory: timeless(state.log_history),
    bestMetric: state.best_metric,
    bestCheckpoint: state.best_model_checkpoint ? basename(state.best_model_checkpoint) : null,
    checkpoints: checkpoints.map((c) => basename(c.path)),
    newest: newest ? newestFiles(newest.path) : null,
  };
}

function newestFiles(dir: string): NonNullable<RunResult["newest"]> {
  const state = JSON.parse(readFileSync(join(dir, TRAINER_STATE_FILE), "utf8"));
  return {
    name: basename(dir),
    model: sha256(readFileSync(join(dir, MODEL_FILE))),
    optimizer: sha256(readFileSync(join(dir, OPTIMIZER_FILE))),
    statefulCallbacks: state.stateful_callbacks,
  };
}
