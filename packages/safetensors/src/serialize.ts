import type * as tf from "@tensorflow/tfjs";
import type { HostTensor } from "@tfjs-trainer/data";
import { dtypeRank, type FloatStorageDType, type IntStorageDType } from "./dtypes.js";
import { encodeTensor } from "./encode.js";
import { LENGTH_PREFIX_BYTES } from "./header.js";
import { entriesOf, isTfTensor, type NamedTensors, tfTensorToHost } from "./tfjs.js";

export interface SerializeOptions {
  /** `__metadata__` to write; defaults to `{ format: "pt" }` as HF's `save_pretrained` writes; `null` writes none. */
  metadata?: Record<string, string> | null;
  /** Encoding of float32 tensors (default F32). */
  dtype?: FloatStorageDType;
  /** Encoding of int32 tensors (default I32; I64 is what torch uses for ids and labels). */
  intDtype?: IntStorageDType;
}

export const DEFAULT_METADATA: Readonly<Record<string, string>> = Object.freeze({ format: "pt" });

interface PreparedTensor {
  name: string;
  nameBytes: Uint8Array;
  dtype: FloatStorageDType | IntStorageDType;
  shape: number[];
  bytes: Uint8Array;
}

const utf8 = new TextEncoder();

/**
 * Serializes tensors in the layout the Python `safetensors` library writes, byte for byte: tensors sorted by dtype
 * alignment (descending) then by name, a compact JSON header with `__metadata__` first, padded with spaces to a
 * multiple of 8 so every tensor starts aligned. (Upstream keeps metadata in a hash map, so with several metadata
 * keys its order is arbitrary; here the keys are sorted, which keeps the output deterministic.)
 */
export function serializeSafetensors(
  tensors: NamedTensors<HostTensor | tf.Tensor>,
  options: SerializeOptions = {},
): Uint8Array {
  const prepared = entriesOf(tensors).map(([name, tensor]) => prepareTensor(name, tensor, options));
  prepared.sort((a, b) => dtypeRank(b.dtype) - dtypeRank(a.dtype) || compareBytes(a.nameBytes, b.nameBytes));

  const metadata = options.metadata === undefined ? DEFAULT_METADATA : options.metadata;
  const entries: string[] = [];
  if (metadata !== null) entries.push(`"__metadata__":${stringifyMetadata(metadata)}`);
  let offset = 0;
  for (const tensor of prepared) {
    const end = offset + tensor.bytes.length;
    // Built by hand: JSON.stringify of an object would move integer-like names ("0", "1") to the front.
    entries.push(
      `${JSON.stringify(tensor.name)}:{"dtype":"${tensor.dtype}","shape":[${tensor.shape.join(",")}],` +
        `"data_offsets":[${offset},${end}]}`,
    );
    offset = end;
  }
  const json = utf8.encode(`{${entries.join(",")}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;

  const out = new Uint8Array(LENGTH_PREFIX_BYTES + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, LENGTH_PREFIX_BYTES);
  out.fill(0x20, LENGTH_PREFIX_BYTES + json.length, LENGTH_PREFIX_BYTES + headerLength);
  let position = LENGTH_PREFIX_BYTES + headerLength;
  for (const tensor of prepared) {
    out.set(tensor.bytes, position);
    position += tensor.bytes.length;
  }
  return out;
}

function prepareTensor(
  name: string,
  tensor: HostTensor | tf.Tensor,
  options: SerializeOptions,
): PreparedTensor {
  const fail = (message: string): never => {
    throw new Error(`cannot serialize tensor ${JSON.stringify(name)}: ${message}`);
  };
  if (name === "__metadata__") fail("the name __metadata__ is reserved for the header's metadata");
  const host = isTfTensor(tensor) ? tfTensorToHost(tensor, name) : tensor;
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
  const dtype = isFloat ? (options.dtype ?? "F32") : (options.intDtype ?? "I32");
  return { name, nameBytes: utf8.encode(name), dtype, shape: [...shape], bytes: encodeTensor(host, dtype) };
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
