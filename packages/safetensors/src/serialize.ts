import type * as tf from "@tensorflow/tfjs";
import type { HostTensor } from "@tfjs-trainer/data";
import { BYTES_PER_ELEMENT, dtypeRank, type FloatStorageDType, type IntStorageDType } from "./dtypes.js";
import { encodeTensor } from "./encode.js";
import { LENGTH_PREFIX_BYTES } from "./header.js";
import { checkStorable, entriesOf, isTfTensor, type NamedTensors, tfTensorView } from "./tfjs.js";

export interface SerializeOptions {
  /** `__metadata__` to write; defaults to `{ format: "pt" }` as HF's `save_pretrained` writes; `null` writes none. */
  metadata?: Record<string, string> | null;
  /** Encoding of float32 tensors (default F32). */
  dtype?: FloatStorageDType;
  /** Encoding of int32 tensors (default I32; I64 is what torch uses for ids and labels). */
  intDtype?: IntStorageDType;
}

export const DEFAULT_METADATA: Readonly<Record<string, string>> = Object.freeze({ format: "pt" });

/** One tensor's entry in the file: what the header says about it, and where its values come from. */
export interface PlannedTensor {
  name: string;
  nameBytes: Uint8Array;
  dtype: FloatStorageDType | IntStorageDType;
  shape: number[];
  /** Length of its bytes in the data buffer. */
  byteLength: number;
  /** Not read yet: the header needs only dtypes and shapes, so values can be read when they are written. */
  source: HostTensor | tf.Tensor;
}

/** A file before any tensor values are read: its first bytes, and the tensors in the order the data buffer holds. */
export interface SafetensorsLayout {
  /** The length prefix and the padded JSON header: every byte before the data buffer. */
  head: Uint8Array;
  tensors: PlannedTensor[];
  fileLength: number;
}

const utf8 = new TextEncoder();

/**
 * Serializes tensors in the layout the Python `safetensors` library writes, byte for byte (see `layoutSafetensors`),
 * into one buffer. `writeSafetensorsFile` writes the same bytes without building this buffer.
 */
export function serializeSafetensors(
  tensors: NamedTensors<HostTensor | tf.Tensor>,
  options: SerializeOptions = {},
): Uint8Array {
  const layout = layoutSafetensors(tensors, options);
  const out = new Uint8Array(layout.fileLength);
  out.set(layout.head);
  let position = layout.head.length;
  for (const tensor of layout.tensors) {
    const source = isTfTensor(tensor.source) ? tfTensorView(tensor.source, tensor.name) : tensor.source;
    out.set(tensorBytes(tensor, source), position);
    position += tensor.byteLength;
  }
  return out;
}

/**
 * Checks the tensors and lays out the file the way the Python `safetensors` library does: tensors sorted by dtype
 * alignment (descending) then by name, a compact JSON header with `__metadata__` first, padded with spaces to a
 * multiple of 8 so every tensor starts aligned. (Upstream keeps metadata in a hash map, so with several metadata
 * keys its order is arbitrary; here the keys are sorted, which keeps the output deterministic.) No tensor values
 * are read, so tfjs tensors stay on their backend until they are written.
 */
export function layoutSafetensors(
  tensors: NamedTensors<HostTensor | tf.Tensor>,
  options: SerializeOptions = {},
): SafetensorsLayout {
  const planned = entriesOf(tensors).map(([name, tensor]) => planTensor(name, tensor, options));
  planned.sort((a, b) => dtypeRank(b.dtype) - dtypeRank(a.dtype) || compareBytes(a.nameBytes, b.nameBytes));
  const metadata = options.metadata === undefined ? DEFAULT_METADATA : options.metadata;
  const head = encodeHead(planned, metadata);
  const dataLength = planned.reduce((total, tensor) => total + tensor.byteLength, 0);
  return { head, tensors: planned, fileLength: head.length + dataLength };
}

/**
 * The bytes of one planned tensor, from its values (the host tensor itself, or what was read from the tfjs tensor).
 * They may be a view on the values (see `encodeTensor`). The length is checked against the header, so a tensor that changed
 * since the layout was made fails instead of shifting every tensor after it.
 */
export function tensorBytes(tensor: PlannedTensor, values: HostTensor): Uint8Array {
  const bytes = encodeTensor(values, tensor.dtype);
  if (bytes.length !== tensor.byteLength) {
    throw new Error(
      `cannot serialize tensor ${JSON.stringify(tensor.name)}: the header gives it ${tensor.byteLength} bytes ` +
        `but its values encode to ${bytes.length} (was it changed while being written?)`,
    );
  }
  return bytes;
}

function planTensor(name: string, tensor: HostTensor | tf.Tensor, options: SerializeOptions): PlannedTensor {
  const fail = (message: string): never => {
    throw new Error(`cannot serialize tensor ${JSON.stringify(name)}: ${message}`);
  };
  if (name === "__metadata__") fail("the name __metadata__ is reserved for the header's metadata");
  const isFloat = isTfTensor(tensor) ? checkTfTensor(tensor, name, fail) : checkHostTensor(tensor, fail);
  const dtype = isFloat ? (options.dtype ?? "F32") : (options.intDtype ?? "I32");
  const shape = [...tensor.shape];
  const elements = shape.reduce((product, dim) => product * dim, 1);
  return {
    name,
    nameBytes: utf8.encode(name),
    dtype,
    shape,
    byteLength: elements * BYTES_PER_ELEMENT[dtype],
    source: tensor,
  };
}

/** Checks a tfjs tensor without reading it; true when it holds floats (float32), false for int32 and bool. */
function checkTfTensor(tensor: tf.Tensor, name: string, fail: (message: string) => never): boolean {
  if (tensor.isDisposed) fail("it is disposed");
  checkStorable(tensor, name);
  return tensor.dtype === "float32";
}

/** Checks a host tensor's shape against its data; true when it holds floats. */
function checkHostTensor(host: HostTensor, fail: (message: string) => never): boolean {
  const { shape, data } = host;
  if (!Array.isArray(shape) || !shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0)) {
    fail(`shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  }
  const expected = shape.reduce((product, dim) => product * dim, 1);
  if (data.length !== expected) {
    fail(`shape [${shape.join(", ")}] needs ${expected} values, got ${data.length}`);
  }
  const isFloat = host.dtype === "float32" && data instanceof Float32Array;
  const isInt = host.dtype === "int32" && data instanceof Int32Array;
  if (!isFloat && !isInt) fail(`dtype ${host.dtype} does not match its data (${data.constructor.name})`);
  return isFloat;
}

/** The u64 header length, the compact JSON header, and the spaces that pad it to a multiple of 8. */
function encodeHead(tensors: PlannedTensor[], metadata: Record<string, string> | null): Uint8Array {
  const entries: string[] = [];
  if (metadata !== null) entries.push(`"__metadata__":${stringifyMetadata(metadata)}`);
  let offset = 0;
  for (const tensor of tensors) {
    const end = offset + tensor.byteLength;
    // Built by hand: JSON.stringify of an object would move integer-like names ("0", "1") to the front.
    entries.push(
      `${JSON.stringify(tensor.name)}:{"dtype":"${tensor.dtype}","shape":[${tensor.shape.join(",")}],` +
        `"data_offsets":[${offset},${end}]}`,
    );
    offset = end;
  }
  const json = utf8.encode(`{${entries.join(",")}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const head = new Uint8Array(LENGTH_PREFIX_BYTES + headerLength);
  new DataView(head.buffer).setBigUint64(0, BigInt(headerLength), true);
  head.set(json, LENGTH_PREFIX_BYTES);
  head.fill(0x20, LENGTH_PREFIX_BYTES + json.length);
  return head;
}

function stringifyMetadata(metadata: Record<string, string>): string {
  const keys = Object.keys(metadata).sort();
  const fields = keys.map((key) => {
    const value = metadata[key];
    if (typeof value !== "string") {
      throw new Error(
        `cannot serialize metadata ${JSON.stringify(key)}: values must be strings, got ${typeof value}`,
      );
    }
    return `${JSON.stringify(key)}:${JSON.stringify(value)}`;
  });
  return `{${fields.join(",")}}`;
}

/** Byte order of UTF-8, which is how the reference writer (Rust `String` ordering) sorts names. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    if (a[index] !== b[index]) return a[index] - b[index];
  }
  return a.length - b.length;
}
