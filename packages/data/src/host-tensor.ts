import * as tf from "@tensorflow/tfjs";

/**
 * A tensor that lives in plain JS memory. Collators and loaders produce these, so a batch costs no tfjs memory until
 * the trainer turns it into tensors for one step (and disposes them right after). tfjs has no int64: ids are int32.
 */
export type HostDType = "int32" | "float32";

export interface HostTensor {
  dtype: HostDType;
  shape: number[];
  data: Int32Array | Float32Array;
}

/** A batch as collators return it: one host tensor per column. */
export type HostBatch = Record<string, HostTensor>;

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function hostTensor(dtype: HostDType, shape: number[], data: ArrayLike<number>): HostTensor {
  const size = sizeOf(shape);
  if (data.length !== size) {
    throw new Error(`host tensor of shape [${shape.join(", ")}] needs ${size} values, got ${data.length}`);
  }
  const typed = dtype === "int32" ? Int32Array.from(data) : Float32Array.from(data);
  return { dtype, shape: [...shape], data: typed };
}

export function isHostTensor(value: unknown): value is HostTensor {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<HostTensor>;
  return Array.isArray(v.shape) && (v.data instanceof Int32Array || v.data instanceof Float32Array);
}

/** Copies a host tensor into a new tfjs tensor (the caller owns and disposes it). */
export function toTensor(h: HostTensor): tf.Tensor {
  return tf.tensor(h.data, h.shape, h.dtype);
}

/**
 * Reads a tfjs tensor back to the host synchronously. Backends that can only read asynchronously (WebGPU in Node)
 * refuse this: the trainer uses `readTensor`.
 */
export function fromTensor(t: tf.Tensor): HostTensor {
  return hostFromValues(t, t.dataSync());
}

/** Reads a tfjs tensor back to the host without blocking: works on every backend. */
export async function readTensor(t: tf.Tensor): Promise<HostTensor> {
  return hostFromValues(t, await t.data());
}

function hostFromValues(t: tf.Tensor, raw: ArrayLike<number> | Uint8Array): HostTensor {
  const dtype: HostDType = t.dtype === "float32" ? "float32" : "int32";
  const data = dtype === "float32" ? Float32Array.from(raw) : Int32Array.from(raw);
  return { dtype, shape: [...t.shape], data };
}

/** Nested number arrays (what JSON gives) of a host tensor, for tests and JSON output. */
export function toNested(h: HostTensor): unknown {
  const build = (offset: number, dim: number): unknown => {
    if (dim === h.shape.length) return h.data[offset];
    const stride = sizeOf(h.shape.slice(dim + 1));
    return Array.from({ length: h.shape[dim] }, (_, i) => build(offset + i * stride, dim + 1));
  };
  return build(0, 0);
}
