import type { HostTensor } from "@tfjs-trainer/data";

/** A float32 host tensor of `shape` holding `values`. */
export const floats = (shape: number[], values: ArrayLike<number>): HostTensor => ({
  dtype: "float32",
  shape,
  data: Float32Array.from(values),
});

/** An int32 host tensor of `shape` holding `values`. */
export const ints = (shape: number[], values: ArrayLike<number>): HostTensor => ({
  dtype: "int32",
  shape,
  data: Int32Array.from(values),
});
