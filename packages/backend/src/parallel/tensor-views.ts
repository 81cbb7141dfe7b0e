import * as tf from "@tensorflow/tfjs";

/** tfjs-backend-wasm's way to see a tensor in its heap (public on BackendWasm). */
interface HeapBackend {
  typedArrayFromHeap(info: tf.TensorInfo): ArrayBufferView;
}

function wasmHeap(): HeapBackend | undefined {
  if (tf.getBackend() !== "wasm") return undefined;
  const backend = tf.backend() as unknown as Partial<HeapBackend>;
  return typeof backend.typedArrayFromHeap === "function" ? (backend as HeapBackend) : undefined;
}

/**
 * A float32 tensor's values, to be copied out at once: on wasm a view of its heap (dataSync would allocate a fresh
 * copy of every weight and gradient each step, tens of megabytes of new pages); valid only until the next tfjs
 * operation. Elsewhere dataSync.
 */
export function float32Values(tensor: tf.Tensor): Float32Array {
  if (tensor.dtype !== "float32") throw new Error(`expected a float32 tensor, got ${tensor.dtype}`);
  const heap = wasmHeap();
  return (heap ? heap.typedArrayFromHeap(tensor) : tensor.dataSync()) as Float32Array;
}

/**
 * A new tensor holding these values, which the caller may overwrite afterwards (they are a view of a reused or
 * shared buffer). wasm copies values into its heap on creation; other backends (cpu) may keep the array they are
 * given, so they get their own copy.
 */
export function tensorFromView(values: Float32Array, shape: number[]): tf.Tensor {
  return tf.tensor(wasmHeap() ? values : values.slice(), shape, "float32");
}
