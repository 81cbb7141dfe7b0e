import * as tf from "@tensorflow/tfjs";
import type { HostTensor } from "@tfjs-trainer/data";

export type NamedTensors<T> = Map<string, T> | Record<string, T>;

export function isTfTensor(value: unknown): value is tf.Tensor {
  return value instanceof tf.Tensor;
}

/**
 * Reads a tfjs tensor back to the host synchronously: float32 stays float32, int32 and bool become int32.
 * Backends without synchronous reads (WebGPU in Node) refuse it; `readTfTensorToHost` works everywhere.
 */
export function tfTensorToHost(tensor: tf.Tensor, name: string): HostTensor {
  checkStorable(tensor, name);
  return hostOf(tensor, tensor.dataSync());
}

/** The asynchronous `tfTensorToHost`. */
export async function readTfTensorToHost(tensor: tf.Tensor, name: string): Promise<HostTensor> {
  checkStorable(tensor, name);
  return hostOf(tensor, await tensor.data());
}

/** Every tfjs tensor among `tensors` read to the host (asynchronously), host tensors as they are, same order. */
export async function readToHost(
  tensors: NamedTensors<HostTensor | tf.Tensor>,
): Promise<Array<[string, HostTensor]>> {
  return Promise.all(
    entriesOf(tensors).map(
      async ([name, t]): Promise<[string, HostTensor]> => [
        name,
        isTfTensor(t) ? await readTfTensorToHost(t, name) : t,
      ],
    ),
  );
}

/**
 * A tfjs tensor's values read synchronously for writing them out, without the copy `tfTensorToHost` makes: the array
 * may be the backend's own storage (the CPU backend hands that out), so read it at once and never change or keep it.
 * bool still becomes a new int32 array.
 */
export function tfTensorView(tensor: tf.Tensor, name: string): HostTensor {
  checkStorable(tensor, name);
  return viewOf(tensor, tensor.dataSync());
}

/** The asynchronous `tfTensorView`: works on every backend, WebGPU in Node included. */
export async function readTfTensorView(tensor: tf.Tensor, name: string): Promise<HostTensor> {
  checkStorable(tensor, name);
  return viewOf(tensor, await tensor.data());
}

/** Whether safetensors can hold a tfjs tensor of this dtype; throws naming the tensor if not. */
export function checkStorable(tensor: tf.Tensor, name: string): void {
  if (tensor.dtype === "float32" || tensor.dtype === "int32" || tensor.dtype === "bool") return;
  throw new Error(
    `tensor ${JSON.stringify(name)} has tfjs dtype ${tensor.dtype}, which safetensors cannot hold here`,
  );
}

function hostOf(tensor: tf.Tensor, values: ArrayLike<number> | Uint8Array): HostTensor {
  const shape = [...tensor.shape];
  return tensor.dtype === "float32"
    ? { dtype: "float32", shape, data: Float32Array.from(values) }
    : { dtype: "int32", shape, data: Int32Array.from(values) };
}

function viewOf(tensor: tf.Tensor, values: ArrayLike<number> | Uint8Array): HostTensor {
  const shape = [...tensor.shape];
  if (tensor.dtype === "float32") {
    return {
      dtype: "float32",
      shape,
      data: values instanceof Float32Array ? values : Float32Array.from(values),
    };
  }
  // bool arrives as a Uint8Array of 0/1, which is stored as int32.
  return { dtype: "int32", shape, data: values instanceof Int32Array ? values : Int32Array.from(values) };
}

/** Host tensors → new tfjs tensors (the caller owns and disposes them), in the same order. */
export function toTfTensors(tensors: NamedTensors<HostTensor>): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  // Copy: some backends keep a reference to the array they are given, and host data may be reused.
  for (const [name, host] of entriesOf(tensors)) {
    out.set(name, tf.tensor(host.data.slice(), host.shape, host.dtype));
  }
  return out;
}

/** tfjs tensors → host tensors (the tfjs tensors are left for the caller to dispose). */
export function fromTfTensors(tensors: NamedTensors<tf.Tensor>): Record<string, HostTensor> {
  // Object.fromEntries defines own properties, so even a tensor named "__proto__" survives.
  return Object.fromEntries(entriesOf(tensors).map(([name, tensor]) => [name, tfTensorToHost(tensor, name)]));
}

export function entriesOf<T>(tensors: NamedTensors<T>): Array<[string, T]> {
  return tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
}
