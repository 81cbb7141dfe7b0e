import * as tf from "@tensorflow/tfjs";

export interface ClippedGradients {
  /** New tensors, one per input gradient, under the same names. The caller disposes them (and the inputs). */
  grads: Record<string, tf.Tensor>;
  /** The total L2 norm before clipping, a float32 value (what HF logs as `grad_norm`). */
  norm: number;
}

export interface ClippedGradientTensors {
  /** New tensors, one per input gradient, under the same names. The caller disposes them (and the inputs). */
  grads: Record<string, tf.Tensor>;
  /** The total L2 norm before clipping, still on the device (the caller disposes it); undefined when no grads. */
  totalNorm?: tf.Scalar;
}

/**
 * torch.nn.utils.clip_grad_norm_ with norm_type 2: the total norm is the L2 norm of the per-tensor L2 norms, and
 * every gradient is multiplied by min(max_norm / (total_norm + 1e-6), 1) — always multiplied, as torch does, so the
 * unclipped case goes through the same float32 multiply by 1 and stays bit-identical to its input.
 * Reads nothing back from the device: the norm stays a tensor.
 */
export function clipGradNormTensors(
  grads: Record<string, tf.Tensor>,
  maxNorm: number,
): ClippedGradientTensors {
  if (!Number.isFinite(maxNorm) || maxNorm < 0) {
    throw new Error(`clipGradNorm: max norm must be a finite number >= 0, got ${maxNorm}`);
  }
  const names = Object.keys(grads);
  if (names.length === 0) return { grads: {} };
  return tf.tidy(() => {
    const perTensorNorms = names.map((name) => tf.sqrt(tf.sum(tf.square(grads[name]))));
    const total = tf.sqrt(tf.sum(tf.square(tf.stack(perTensorNorms)))) as tf.Scalar;
    const coefficient = tf.minimum(tf.div(maxNorm, tf.add(total, 1e-6)), 1);
    const scaled: Record<string, tf.Tensor> = {};
    for (const name of names) scaled[name] = tf.mul(grads[name], coefficient);
    return { grads: scaled, totalNorm: total };
  });
}

/** clipGradNormTensors, then the norm read back asynchronously (WebGPU in Node has no synchronous read). */
export async function clipGradNorm(
  grads: Record<string, tf.Tensor>,
  maxNorm: number,
): Promise<ClippedGradients> {
  const { grads: clipped, totalNorm } = clipGradNormTensors(grads, maxNorm);
  if (!totalNorm) return { grads: clipped, norm: 0 };
  const norm = (await totalNorm.data())[0];
  totalNorm.dispose();
  return { grads: clipped, norm };
}
