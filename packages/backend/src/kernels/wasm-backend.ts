import type * as tf from "@tensorflow/tfjs";

type WasmTypedArray = Float32Array | Int32Array | Uint8Array;

/**
 * The part of @tensorflow/tfjs-backend-wasm's BackendWasm that kernels written in JS use (the package's own JS
 * kernels, Unique among them, use the same methods). Declared here so this package needs the wasm backend only
 * when it runs on it.
 */
export interface WasmBackend {
  /** A new tensor on the wasm heap, uninitialised unless `values` are given. */
  makeOutput(
    shape: number[],
    dtype: tf.DataType,
    memoryOffset?: number,
    values?: tf.TypedArray,
  ): tf.TensorInfo;
  /** A view on the wasm heap: valid until the heap grows, so take views only after the last allocation. */
  typedArrayFromHeap(info: tf.TensorInfo): WasmTypedArray;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

export function asWasmBackend(backend: unknown): WasmBackend {
  const candidate = backend as Partial<WasmBackend>;
  if (typeof candidate.makeOutput !== "function" || typeof candidate.typedArrayFromHeap !== "function") {
    throw new Error("a wasm training kernel ran on a backend that is not @tensorflow/tfjs-backend-wasm");
  }
  return backend as WasmBackend;
}

/** The same data under another shape, as the wasm backend's own Reshape does (no copy, no new reference). */
export function withShape(info: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** A new tensor of `shape` holding elements [offset, offset + size) of `source`. */
export function copyRange(
  wasm: WasmBackend,
  source: tf.TensorInfo,
  offset: number,
  shape: number[],
): tf.TensorInfo {
  const out = wasm.makeOutput(shape, source.dtype);
  const target = wasm.typedArrayFromHeap(out);
  target.set(wasm.typedArrayFromHeap(source).subarray(offset, offset + target.length));
  return out;
}

/** Writes all of `source` into `target` from element `offset` on. */
export function copyInto(
  wasm: WasmBackend,
  source: tf.TensorInfo,
  target: tf.TensorInfo,
  offset: number,
): void {
  wasm.typedArrayFromHeap(target).set(wasm.typedArrayFromHeap(source), offset);
}
