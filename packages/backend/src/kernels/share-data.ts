import type * as tf from "@tensorflow/tfjs";

interface RefCountingBackend {
  incRef(dataId: tf.DataId): void;
}

/**
 * A new reference to x's data, as the cpu backend's Identity and the wasm backend's Reshape give: no copy. Safe
 * because tfjs never writes a tensor's data in place (a variable's assign swaps its data for another).
 */
export function shareData(backend: unknown, x: tf.TensorInfo, shape = x.shape): tf.TensorInfo {
  (backend as RefCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...shape], dtype: x.dtype };
}
