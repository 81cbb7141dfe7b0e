import { type HostTensor, sizeOf } from "@tfjs-trainer/data";
import type { HostOutputs } from "./types.js";

/**
 * Concatenates batches along the first axis. When the second axis differs (sequences of different lengths), the
 * result takes the longest and fills the gaps with `padIndex`, as HF's nested_concat does (-100 by default).
 */
export function concatPadded(parts: HostTensor[], padIndex = -100): HostTensor {
  if (parts.length === 0) throw new Error("concatPadded: nothing to concatenate");
  const first = parts[0];
  const rank = first.shape.length;
  for (const p of parts) {
    if (p.shape.length !== rank || p.shape.slice(2).some((d, i) => d !== first.shape[i + 2])) {
      throw new Error(
        `cannot concatenate predictions of shapes [${first.shape.join(", ")}] and [${p.shape.join(", ")}]`,
      );
    }
  }
  const rows = parts.reduce((n, p) => n + p.shape[0], 0);
  if (rank === 0) throw new Error("concatPadded: scalars cannot be concatenated");
  const width = rank >= 2 ? Math.max(...parts.map((p) => p.shape[1])) : 1;
  const inner = sizeOf(first.shape.slice(2));
  const shape = rank >= 2 ? [rows, width, ...first.shape.slice(2)] : [rows];
  const data = first.dtype === "int32" ? new Int32Array(sizeOf(shape)) : new Float32Array(sizeOf(shape));
  data.fill(padIndex);
  let row = 0;
  for (const p of parts) {
    const pw = rank >= 2 ? p.shape[1] : 1;
    const rowSize = pw * inner;
    for (let r = 0; r < p.shape[0]; r++) {
      data.set(p.data.subarray(r * rowSize, (r + 1) * rowSize), (row + r) * width * inner);
    }
    row += p.shape[0];
  }
  return { dtype: first.dtype, shape, data };
}

/** concatPadded over tuples of outputs, element by element. */
export function concatOutputs(parts: HostOutputs[], padIndex = -100): HostOutputs {
  if (Array.isArray(parts[0])) {
    const tuples = parts as HostTensor[][];
    return tuples[0].map((_, i) =>
      concatPadded(
        tuples.map((t) => t[i]),
        padIndex,
      ),
    );
  }
  return concatPadded(parts as HostTensor[], padIndex);
}
