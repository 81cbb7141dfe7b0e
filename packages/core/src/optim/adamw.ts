import * as tf from "@tensorflow/tfjs";
import type { NamedParameter } from "../model/contract.js";
import { requireFiniteNumber, requireNonNegative } from "./checks.js";
import { ownedBuffer } from "./param-state.js";
import { StatefulOptimizer } from "./stateful-optimizer.js";
import type { ParamGroup, ParamGroupSpec } from "./types.js";

export interface AdamWOptions {
  /** Default 1e-3 (torch). */
  lr?: number;
  /** Default [0.9, 0.999]. */
  betas?: [number, number];
  /** Default 1e-8. */
  eps?: number;
  /** Default 1e-2 (torch's AdamW default; HF's Trainer passes its own per group). */
  weightDecay?: number;
}

/**
 * `exp_avg.lerp_(grad, weight)` as torch's CPU kernel computes it in float32: for a small weight it moves from the
 * start, otherwise back from the end, which keeps the result exact at weight 1. (torch's vectorised path fuses the
 * multiply-add; tfjs has no fused op, so an element may differ from torch in its last bit.)
 */
function lerp(start: tf.Tensor, end: tf.Tensor, weight: number): tf.Tensor {
  const weight32 = Math.fround(weight);
  const difference = tf.sub(end, start);
  if (Math.abs(weight32) < 0.5) return tf.add(start, tf.mul(difference, weight32));
  return tf.sub(end, tf.mul(difference, Math.fround(1 - weight32)));
}

/**
 * torch.optim.AdamW (amsgrad off, maximize off), single-tensor path — the one torch takes for CPU tensors. Each
 * float32 operation below is one of torch's, in torch's order; every scalar is computed in float64 first, as torch
 * computes it in Python floats, and rounded to float32 when it meets a tensor:
 *
 *   step += 1
 *   p   *= 1 - lr * wd                                   (decoupled decay, skipped when wd == 0)
 *   m    = lerp(m, g, 1 - β1)
 *   v    = v * β2 + ((1 - β2) * g) * g                   (mul_ then addcmul_)
 *   bc1  = 1 - β1^step ; bc2 = 1 - β2^step
 *   den  = sqrt(v) / sqrt(bc2) + eps
 *   p    = p + ((-lr / bc1) * m) / den                   (addcdiv_ multiplies before it divides)
 */
export class AdamW extends StatefulOptimizer {
  constructor(params: readonly NamedParameter[] | readonly ParamGroupSpec[], options: AdamWOptions = {}) {
    super(
      "AdamW",
      params,
      {
        lr: options.lr ?? 1e-3,
        weightDecay: options.weightDecay ?? 1e-2,
        betas: options.betas ?? [0.9, 0.999],
        eps: options.eps ?? 1e-8,
      },
      ["betas", "eps"],
    );
  }

  protected validateHyperparameters(group: ParamGroup, where: string): void {
    const betas = group.betas;
    if (!Array.isArray(betas) || betas.length !== 2) {
      throw new Error(`${where}: betas must be a pair of numbers, got ${JSON.stringify(betas)}`);
    }
    betas.forEach((beta, i) => {
      const value = requireFiniteNumber(beta, `${where}: betas[${i}]`);
      if (value < 0 || value >= 1) throw new Error(`${where}: betas[${i}] must be in [0, 1), got ${value}`);
    });
    requireNonNegative(group.eps, `${where}: eps`);
  }

  protected stateSlots(): readonly string[] {
    return ["exp_avg", "exp_avg_sq"];
  }

  protected stateScalars(): readonly string[] {
    return ["step"];
  }

  protected updateParameter(param: NamedParameter, grad: tf.Tensor, group: ParamGroup): void {
    const [beta1, beta2] = group.betas as [number, number];
    const eps = group.eps as number;
    const { lr, weightDecay } = group;
    const variable = param.variable;

    let paramState = this.state.get(param.name);
    if (paramState === undefined) {
      paramState = {
        buffers: {
          exp_avg: ownedBuffer(tf.zerosLike(variable)),
          exp_avg_sq: ownedBuffer(tf.zerosLike(variable)),
        },
        scalars: { step: 0 },
      };
      this.state.set(param.name, paramState);
    }
    const { exp_avg: expAvg, exp_avg_sq: expAvgSq } = paramState.buffers;
    paramState.scalars.step += 1;
    const step = paramState.scalars.step;

    const decayed = weightDecay !== 0 ? tf.mul(variable, 1 - lr * weightDecay) : variable;
    const newExpAvg = lerp(expAvg, grad, 1 - beta1);
    const newExpAvgSq = tf.add(tf.mul(expAvgSq, beta2), tf.mul(tf.mul(grad, 1 - beta2), grad));

    const biasCorrection1 = 1 - beta1 ** step;
    const biasCorrection2 = 1 - beta2 ** step;
    const stepSize = lr / biasCorrection1;
    const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);

    const denom = tf.add(tf.div(tf.sqrt(newExpAvgSq), biasCorrection2Sqrt), eps);
    const updated = tf.add(decayed, tf.div(tf.mul(newExpAvg, -stepSize), denom));

    expAvg.assign(newExpAvg);
    expAvgSq.assign(newExpAvgSq);
    variable.assign(updated);
  }
}
