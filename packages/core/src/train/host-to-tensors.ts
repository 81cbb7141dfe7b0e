import type * as tf from "@tensorflow/tfjs";
import { type HostBatch, toTensor } from "@tfjs-trainer/data";
import type { TensorBatch } from "../hooks/context.js";

/** A host batch as new tensors (the caller disposes them, or runs this inside tf.tidy). */
export function hostBatchToTensors(batch: HostBatch): TensorBatch {
  const out: Record<string, tf.Tensor> = {};
  for (const [name, host] of Object.entries(batch)) out[name] = toTensor(host);
  return out;
}
