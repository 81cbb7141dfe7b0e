import type { HostOutputs, HostTensor } from "tfjs-trainer";

/** The first output when a model returns several (logits first, as HF's EvalPrediction). */
export function firstOutput(outputs: HostOutputs): HostTensor {
  return Array.isArray(outputs) ? outputs[0] : outputs;
}

/** Argmax over the last axis of a host tensor: one class id per leading position. */
export function argmaxLastAxis(tensor: HostTensor): Int32Array {
  const classes = tensor.shape[tensor.shape.length - 1];
  const rows = tensor.data.length / classes;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) {
      if (tensor.data[r * classes + c] > tensor.data[r * classes + best]) best = c;
    }
    out[r] = best;
  }
  return out;
}
