import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InMemoryDataset, type PluginSpec, type TrainingArgumentsInit } from "@tfjs-trainer/core";
import type { StepRunner } from "../case-spec.js";
import type { StepStamp } from "../step-time.js";
import { allFourPlugins, defaultPlugins } from "../workloads/plugin-sets.js";
import { STEP_HYPERPARAMETERS, type StepWorkload } from "../workloads/step-workloads.js";
import { materialise } from "../workloads/synthetic-rows.js";
import { BatchTimedTrainer } from "../workloads/timed-trainer.js";

/** Batches in the evaluation set of the all-plugins run (early stopping needs an evaluation). */
const EVAL_BATCHES = 2;

/**
 * The same steps as the hand-written loop, through `Trainer.train()`: one epoch of exactly `totalSteps` batches,
 * logging every 10 steps (progress and TensorBoard report each log). With all four plugins, evaluation and a
 * checkpoint (which early stopping and rotation act on) come at the last step, after the timed steps: they are work
 * the hand loop does not do, timed by the checkpoint rows. Returns the time each step's batch was requested.
 */
export async function runTrainerSteps(
  workload: StepWorkload,
  runner: Exclude<StepRunner, "hand">,
  totalSteps: number,
): Promise<StepStamp[]> {
  const outputDir = await mkdtemp(join(tmpdir(), "bench-trainer-steps-"));
  const rows = materialise(totalSteps * workload.batch, workload.rows);
  const base: TrainingArgumentsInit = {
    ...STEP_HYPERPARAMETERS,
    output_dir: outputDir,
    backend: "wasm",
    per_device_train_batch_size: workload.batch,
    per_device_eval_batch_size: workload.batch,
    num_train_epochs: 1,
    warmup_steps: 0,
    logging_steps: 10,
    save_strategy: "no",
    report_to: "none",
  };
  const everything: TrainingArgumentsInit = {
    eval_strategy: "steps",
    eval_steps: totalSteps,
    save_strategy: "steps",
    save_steps: totalSteps,
    save_total_limit: 2,
    load_best_model_at_end: true,
    metric_for_best_model: "loss",
    greater_is_better: false,
  };
  const plugins: Record<typeof runner, PluginSpec[]> = {
    "trainer-bare": [],
    "trainer-default": defaultPlugins(),
    "trainer-all": allFourPlugins(join(outputDir, "runs")),
  };
  const model = workload.createModel();
  const trainer = new BatchTimedTrainer({
    model,
    args: runner === "trainer-all" ? { ...base, ...everything } : base,
    trainDataset: new InMemoryDataset(rows),
    evalDataset: new InMemoryDataset(rows.slice(0, EVAL_BATCHES * workload.batch)),
    plugins: plugins[runner],
    logger: () => {},
  });
  try {
    const output = await trainer.train();
    if (output.global_step !== totalSteps) {
      throw new Error(`the Trainer ran ${output.global_step} steps, ${totalSteps} expected`);
    }
    return trainer.batchRequests;
  } finally {
    trainer.optimizer?.dispose();
    model.dispose?.();
    await rm(outputDir, { recursive: true, force: true });
  }
}
