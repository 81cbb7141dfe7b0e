import type { HostTensor } from "@tfjs-trainer/data";
import { HOST_IS_LITTLE_ENDIAN } from "./dtypes.js";
import { SafetensorsError } from "./errors.js";
import { bfloat16BitsToNumber, float16BitsToNumber } from "./half-float.js";
import type { TensorInfo } from "./header.js";

const INT32_MAX = 0x7fffffff;

/**
 * Turns one tensor's little-endian bytes into a host tensor. tfjs holds only float32 and int32, so floats are widened
 * (F16, BF16: exact) or narrowed (F64: rounded to the nearest float32, huge values become ±Infinity), and integers
 * must fit in int32: a value that does not is an error, never a silent wrap.
 */
export function decodeTensor(bytes: Uint8Array, info: TensorInfo, name: string, source: string): HostTensor {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = [...info.shape];
  const float = (data: Float32Array): HostTensor => ({ dtype: "float32", shape, data });
  const int = (data: Int32Array): HostTensor => ({ dtype: "int32", shape, data });
  const outOfRange = (index: number, value: bigint | number): never => {
    throw new SafetensorsError(
      source,
      `(${info.dtype}) holds ${value} at flat index ${index}, outside the int32 range tfjs can hold`,
      { tensor: name },
    );
  };

  switch (info.dtype) {
    case "F32":
      if (HOST_IS_LITTLE_ENDIAN) return float(new Float32Array(copyBytes(bytes)));
      return float(mapElements(view, 4, Float32Array, (at) => view.getFloat32(at, true)));
    case "F64":
      return float(mapElements(view, 8, Float32Array, (at) => view.getFloat64(at, true)));
    case "F16":
      return float(mapElements(view, 2, Float32Array, (at) => float16BitsToNumber(view.getUint16(at, true))));
    case "BF16":
      return float(
        mapElements(view, 2, Float32Array, (at) => bfloat16BitsToNumber(view.getUint16(at, true))),
      );
    case "I32":
      if (HOST_IS_LITTLE_ENDIAN) return int(new Int32Array(copyBytes(bytes)));
      return int(mapElements(view, 4, Int32Array, (at) => view.getInt32(at, true)));
    case "I64":
      return int(
        mapElements(view, 8, Int32Array, (at, index) => {
          const low = view.getInt32(at, true);
          // In range exactly when the high word is the sign extension of the low one.
          if (view.getInt32(at + 4, true) !== low >> 31) outOfRange(index, view.getBigInt64(at, true));
          return low;
        }),
      );
    case "U64":
      return int(
        mapElements(view, 8, Int32Array, (at, index) => {
          const low = view.getUint32(at, true);
          if (view.getUint32(at + 4, true) !== 0 || low > INT32_MAX) {
            outOfRange(index, view.getBigUint64(at, true));
          }
          return low;
        }),
      );
    case "U32":
      return int(
        mapElements(view, 4, Int32Array, (at, index) => {
          const value = view.getUint32(at, true);
          if (value > INT32_MAX) outOfRange(index, value);
          return value;
        }),
      );
    case "I16":
      return int(mapElements(view, 2, Int32Array, (at) => view.getInt16(at, true)));
    case "U16":
      return int(mapElements(view, 2, Int32Array, (at) => view.getUint16(at, true)));
    case "I8":
      return int(mapElements(view, 1, Int32Array, (at) => view.getInt8(at)));
    case "U8":
      return int(mapElements(view, 1, Int32Array, (at) => view.getUint8(at)));
    case "BOOL":
      return int(mapElements(view, 1, Int32Array, (at) => (view.getUint8(at) === 0 ? 0 : 1)));
    case "F8_E5M2":
    case "F8_E4M3":
      throw new SafetensorsError(
        source,
        `has dtype ${info.dtype}, which this reader cannot convert to float32`,
        {
          tensor: name,
        },
      );
  }
}

/**
 * A fresh, aligned copy, so the result never aliases the file bytes. (Not `bytes.slice()`: on a Node Buffer that
 * is a view into the same memory.)
 */
function copyBytes(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy.buffer;
}

function mapElements<T extends Float32Array | Int32Array>(
  view: DataView,
  bytesPerElement: number,
  ArrayType: new (length: number) => T,
  read: (byteOffset: number, index: number) => number,
): T {
  const out = new ArrayType(view.byteLength / bytesPerElement);
  for (let index = 0; index < out.length; index++) out[index] = read(index * bytesPerElement, index);
  return out;
}
