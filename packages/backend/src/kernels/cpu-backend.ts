import type * as tf from "@tensorflow/tfjs";

/** The part of tfjs-backend-cpu's MathBackendCPU that kernels written here use. */
export interface CpuBackend {
  /** The tensor's own values (not a copy) for numeric dtypes. */
  readSync(dataId: tf.DataId): tf.TypedArray | Uint8Array[];
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: tf.TypedArray): tf.TensorInfo;
}

export function asCpuBackend(backend: unknown): CpuBackend {
  const candidate = backend as Partial<CpuBackend>;
  if (typeof candidate.readSync !== "function" || typeof candidate.makeTensorInfo !== "function") {
    throw new Error("a cpu training kernel ran on a backend that is not tfjs-backend-cpu");
  }
  return backend as CpuBackend;
}

export function readNumeric(backend: CpuBackend, info: tf.TensorInfo, kernel: string): tf.TypedArray {
  const values = backend.readSync(info.dataId);
  if (Array.isArray(values)) throw new Error(`${kernel} does not take string tensors`);
  return values;
}
