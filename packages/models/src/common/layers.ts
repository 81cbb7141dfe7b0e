import * as tf from "@tensorflow/tfjs";
import { dropoutMask } from "@tfjs-trainer/backend";

/** torch.nn.Linear: weight [out, in], y = x Wᵀ + b, over any leading axes. */
export function linear(x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const inDim = x.shape[x.shape.length - 1];
  const flat = x.reshape([-1, inDim]);
  let y = tf.matMul(flat, weight, false, true);
  if (bias) y = tf.add(y, bias);
  return y.reshape([...x.shape.slice(0, -1), weight.shape[0]]);
}

/** GPT-2's Conv1D: weight [in, out], y = x W + b. */
export function conv1d(x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const [inDim, outDim] = weight.shape as [number, number];
  let y = tf.matMul(x.reshape([-1, inDim]), weight);
  if (bias) y = tf.add(y, bias);
  return y.reshape([...x.shape.slice(0, -1), outDim]);
}

/** torch.nn.LayerNorm over the last axis (biased variance, eps inside the square root). */
export function layerNorm(
  x: tf.Tensor,
  weight: tf.Tensor,
  bias: tf.Tensor | undefined,
  eps: number,
): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
  const scaled = tf.mul(normed, weight);
  return bias ? tf.add(scaled, bias) : scaled;
}

/** T5's LayerNorm: no mean subtraction, no bias (RMS norm). */
export function rmsNorm(x: tf.Tensor, weight: tf.Tensor, eps: number): tf.Tensor {
  const variance = tf.mean(tf.square(x), -1, true);
  return tf.mul(weight, tf.mul(x, tf.rsqrt(tf.add(variance, eps))));
}

export function embedding(table: tf.Tensor, ids: tf.Tensor): tf.Tensor {
  return tf.gather(table, ids.toInt());
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** HF's ACT2FN names. */
export function activation(name: string): (x: tf.Tensor) => tf.Tensor {
  switch (name) {
    case "gelu":
      // exact gelu: x · Φ(x) = 0.5 x (1 + erf(x / √2))
      return (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
    case "gelu_new":
    case "gelu_pytorch_tanh":
    case "gelu_fast":
      return (x) =>
        tf.mul(
          tf.mul(x, 0.5),
          tf.add(1, tf.tanh(tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))),
        );
    case "relu":
      return (x) => tf.relu(x);
    case "silu":
    case "swish":
      return (x) => tf.mul(x, tf.sigmoid(x));
    case "tanh":
      return (x) => tf.tanh(x);
    default:
      throw new Error(`activation "${name}" is not supported (gelu, gelu_new, relu, silu, tanh)`);
  }
}

/**
 * Dropout masks for one forward pass: active only in training, each call seeded from the pass's seed so a run is
 * reproducible and a resumed run draws the same masks.
 */
export class Dropout {
  private calls = 0;

  constructor(
    readonly training: boolean,
    private readonly seed: number | undefined,
  ) {}

  apply(x: tf.Tensor, rate: number): tf.Tensor {
    if (!this.training || !(rate > 0)) return x;
    const seed =
      this.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : this.seed + 7919 * this.calls++;
    return tf.mul(x, dropoutMask(x.shape, rate, seed));
  }
}
