import * as tf from "@tensorflow/tfjs";
import { clipGradNorm } from "../optim/index.js";
import type { Trainer } from "../trainer.js";

/** Clips the window's gradients by global norm (when max_grad_norm > 0) in place; returns the norm before clipping. */
export async function clipWindowGradients(trainer: Trainer): Promise<number | undefined> {
  const grads = trainer.loop.accumulatedGrads;
  const maxNorm = trainer.args.max_grad_norm;
  if (!grads || !(maxNorm > 0)) return undefined;
  const { grads: clipped, norm } = await clipGradNorm(grads, maxNorm);
  tf.dispose(Object.values(grads));
  trainer.loop.accumulatedGrads = clipped;
  return norm;
}

/** The global L2 norm of the window's gradients, for a run that does not clip (max_grad_norm 0). */
async function windowGradNorm(trainer: Trainer): Promise<number> {
  const grads = trainer.loop.accumulatedGrads;
  if (!grads || Object.keys(grads).length === 0) return 0;
  const total = tf.tidy(() =>
    tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))),
  ) as tf.Scalar;
  const norm = (await total.data())[0];
  total.dispose();
  return norm;
}

/**
 * skip_nonfinite_updates: whether this step's update must be skipped because a micro-batch loss or the gradient
 * norm is NaN or infinite. Skipping drops the gradients; the caller leaves the optimizer and the scheduler alone.
 */
export async function shouldSkipUpdate(
  trainer: Trainer,
  windowLossFinite: boolean,
  gradNorm: number | undefined,
): Promise<boolean> {
  if (!trainer.args.skip_nonfinite_updates) return false;
  const norm = gradNorm ?? (await windowGradNorm(trainer));
  if (windowLossFinite && Number.isFinite(norm)) return false;
  const what = windowLossFinite ? `the gradient norm is ${norm}` : "the loss is not finite";
  trainer.logger(
    `warning: step ${trainer.state.global_step + 1}: ${what}; skipped its optimizer update (skip_nonfinite_updates)`,
  );
  trainer.loop.disposeGradients();
  return true;
}

/** Applies the window's gradients and drops them. */
export function stepOptimizer(trainer: Trainer): void {
  const grads = trainer.loop.accumulatedGrads;
  if (!grads) return;
  trainer.optimizer!.step(grads);
  trainer.loop.disposeGradients();
}
