import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { LoadReport } from "../common/parameter-store.js";
import type { PreTrainedModel } from "../common/pretrained-model.js";

/**
 * Old GPT-2 checkpoints store each block's causal-mask buffers (`h.N.attn.bias`, `h.N.attn.masked_bias`); HF ignores
 * them on load, and so do we.
 */
const IGNORED_ON_LOAD = /(^|\.)attn\.(masked_)?bias$/;

/** PreTrainedModel.loadWeights, without warnings about the buffers HF ignores. */
export async function loadGpt2Weights(
  model: PreTrainedModel,
  dir: string,
  warn: (message: string) => void,
): Promise<LoadReport> {
  const loaded = await model.params.load(join(dir, "model.safetensors"), model.basePrefix);
  const report = {
    missing: loaded.missing,
    unexpected: loaded.unexpected.filter((name) => !IGNORED_ON_LOAD.test(name)),
  };
  if (report.missing.length > 0) {
    warn(`${model.modelClass}: weights not in ${dir}, newly initialised: ${report.missing.join(", ")}`);
  }
  if (report.unexpected.length > 0) {
    warn(`${model.modelClass}: weights in ${dir} the model does not use: ${report.unexpected.join(", ")}`);
  }
  return report;
}

/**
 * Position ids as HF's generate derives them from the attention mask (so left padding does not shift positions):
 * cumsum(mask) − 1, 1 on masked positions; the last `length` columns.
 */
export function positionIdsFromMask(attentionMask: tf.Tensor, length: number): tf.Tensor {
  return tf.tidy(() => {
    const mask = attentionMask.toInt();
    const positions = tf.sub(tf.cumsum(mask, 1), 1);
    const filled = tf.where(tf.equal(mask, 0), tf.onesLike(positions), positions);
    const [batch, total] = mask.shape as number[];
    return tf.slice(filled, [0, total - length], [batch, length]);
  });
}

/** HF's floating_point_ops: 6 × input tokens × parameters outside the embedding tables. */
export function gpt2FloatingPointOps(
  model: PreTrainedModel,
  batch: Record<string, { shape: number[] }>,
): number {
  const ids = batch.input_ids;
  if (!ids) return 0;
  const tokens = ids.shape.reduce((a, b) => a * b, 1);
  let parameters = 0;
  for (const { name, variable } of model.namedParameters()) {
    if (!/(^|\.)(wte|wpe)\.weight$/.test(name)) parameters += variable.size;
  }
  return 6 * tokens * parameters;
}
