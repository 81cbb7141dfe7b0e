import * as tf from "@tensorflow/tfjs";
import { activation, linear } from "../common/layers.js";
import type { T5Context } from "./context.js";

/**
 * T5DenseActDense (wo · dropout(act(wi · x))) or, for gated feed_forward_proj, T5DenseGatedActDense
 * (wo · dropout(act(wi_0 · x) ⊙ wi_1 · x)).
 */
export function t5FeedForward(ctx: T5Context, prefix: string, x: tf.Tensor): tf.Tensor {
  const act = activation(ctx.config.dense_act_fn);
  const w = (name: string) => ctx.weight(`${prefix}.${name}.weight`);
  const inner = ctx.config.is_gated_act
    ? tf.mul(act(linear(x, w("wi_0"))), linear(x, w("wi_1")))
    : act(linear(x, w("wi")));
  return linear(ctx.dropout.apply(inner, ctx.config.dropout_rate), w("wo"));
}
