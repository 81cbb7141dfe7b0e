import * as tf from "@tensorflow/tfjs";
import type { HostBatch } from "@tfjs-trainer/data";
import { checkIndexedColumns } from "../model/check-indexed-columns.js";
import type { Trainer } from "../trainer.js";
import { hostBatchToTensors } from "./host-to-tensors.js";

/**
 * One micro-batch: forward and loss inside tfjs's gradient function, gradients added to the window's sum.
 * The loss is divided by the window's micro-batch count unless the model already normalised it by the window's
 * item count (HF: model_accepts_loss_kwargs with num_items_in_batch), so the summed gradients are the window's.
 * Resolves to that scaled loss, as HF's training_step returns it.
 */
export async function trainingStep(
  trainer: Trainer,
  batch: HostBatch,
  numItemsInBatch?: number,
): Promise<number> {
  const { model, loop } = trainer;
  checkIndexedColumns(model, batch);
  const seed = trainer.rng.below(2 ** 31);
  if (trainer.dataParallel) {
    const { loss, grads } = await trainer.dataParallel.pool.computeGradients(batch, {
      numItemsInBatch,
      gradientAccumulationSteps: loop.currentGradientAccumulationSteps,
      seed,
    });
    addToWindow(trainer, grads);
    return loss;
  }
  const ctx = trainer.stepContext(true, numItemsInBatch, seed);
  const normalisedByItems =
    (model.acceptsLossKwargs && numItemsInBatch !== undefined) || !!trainer.computeLossFunc;
  const variables = model.namedParameters();
  const byVariable = new Map(variables.map((p) => [p.variable.name, p.name]));

  let failure: { error: unknown } | undefined;
  const { value, grads } = tf.tidy(() => {
    const inputs = trainer.hooks.prepareInputs.call(hostBatchToTensors(batch), ctx);
    return tf.variableGrads(
      () => {
        try {
          const { loss } = trainer.computeLoss(inputs, ctx);
          if (loss.rank !== 0)
            throw new Error(`the loss must be a scalar, got shape [${loss.shape.join(", ")}]`);
          return normalisedByItems ? loss : tf.div(loss, loop.currentGradientAccumulationSteps);
        } catch (error) {
          // A throw out of the gradient function strands the tensors tfjs keeps for the backward pass (no tidy
          // reaches them): end the pass normally on a zero loss instead, and throw once it has cleaned up.
          failure = { error };
          return tf.mul(tf.sum(variables[0].variable), 0) as tf.Scalar;
        }
      },
      variables.map((p) => p.variable),
    );
  });
  if (failure) {
    tf.dispose([value, ...Object.values(grads)]);
    throw failure.error;
  }

  addToWindow(
    trainer,
    Object.fromEntries(Object.entries(grads).map(([v, grad]) => [byVariable.get(v) ?? v, grad])),
  );
  // An asynchronous read: WebGPU in Node has no synchronous one, and elsewhere it costs the same.
  const loss = (await value.data())[0];
  value.dispose();
  return loss;
}

/** Adds gradients (by parameter name; taken over and disposed) to the accumulation window's sums. */
function addToWindow(trainer: Trainer, grads: Record<string, tf.Tensor>): void {
  const window = trainer.loop.accumulatedGrads ?? {};
  for (const [name, grad] of Object.entries(grads)) {
    const previous = window[name];
    if (previous) {
      window[name] = tf.add(previous, grad);
      previous.dispose();
      grad.dispose();
    } else {
      window[name] = grad;
    }
  }
  trainer.loop.accumulatedGrads = window;
}
