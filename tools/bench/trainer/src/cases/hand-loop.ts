import * as tf from "@tensorflow/tfjs";
import { clipGradNorm, createOptimizerFromArgs, getScheduler } from "@tfjs-trainer/core";
import { defaultDataCollator, SeededRng, toTensor } from "@tfjs-trainer/data";
import { STEP_HYPERPARAMETERS, type StepWorkload } from "../workloads/step-workloads.js";
import { materialise } from "../workloads/synthetic-rows.js";

/**
 * The training steps of a Trainer step, written by hand in tfjs: the batch collated from the same rows, forward and
 * loss in training mode (dropout seeded per step), gradients of every weight, global-norm clipping, AdamW over HF's
 * two parameter groups and a linear schedule — core's optimizer, schedule and clipping, so both sides do the same
 * arithmetic — and the loss and gradient norm read back each step, as the Trainer reads them for its logs.
 * `onStepStart` runs as each step begins (the caller timestamps it). Everything a step creates is disposed.
 */
export async function runHandLoop(
  workload: StepWorkload,
  totalSteps: number,
  onStepStart: () => void,
): Promise<void> {
  const model = workload.createModel();
  const parameters = model.namedParameters();
  const nameOf = new Map(parameters.map((p) => [p.variable.name, p.name]));
  const optimizer = createOptimizerFromArgs(parameters, STEP_HYPERPARAMETERS);
  const scheduler = getScheduler(STEP_HYPERPARAMETERS.lr_scheduler_type, optimizer, {
    numWarmupSteps: 0,
    numTrainingSteps: totalSteps,
  });
  const rng = new SeededRng(STEP_HYPERPARAMETERS.seed);
  const rows = materialise(totalSteps * workload.batch, workload.rows);
  try {
    for (let step = 0; step < totalSteps; step++) {
      onStepStart();
      const batch = defaultDataCollator(rows.slice(step * workload.batch, (step + 1) * workload.batch));
      const seed = rng.below(2 ** 31);
      const { value, grads } = tf.tidy(() => {
        const inputs = Object.fromEntries(
          Object.entries(batch).map(([name, host]) => [name, toTensor(host)]),
        );
        return tf.variableGrads(
          () => model.forward(inputs, { training: true, seed }).loss!,
          parameters.map((p) => p.variable),
        );
      });
      const named = Object.fromEntries(Object.entries(grads).map(([v, grad]) => [nameOf.get(v)!, grad]));
      const loss = (await value.data())[0];
      value.dispose();
      const { grads: clipped, norm } = await clipGradNorm(named, STEP_HYPERPARAMETERS.max_grad_norm);
      tf.dispose(Object.values(named));
      optimizer.step(clipped);
      tf.dispose(Object.values(clipped));
      scheduler.step();
      if (!Number.isFinite(loss) || !Number.isFinite(norm))
        throw new Error(`step ${step}: loss ${loss}, norm ${norm}`);
    }
  } finally {
    optimizer.dispose();
    model.dispose?.();
  }
}
