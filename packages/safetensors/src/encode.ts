import type { HostTensor } from "@tfjs-trainer/data";
import { type FloatStorageDType, HOST_IS_LITTLE_ENDIAN, type IntStorageDType } from "./dtypes.js";
import { numberToBfloat16Bits, numberToFloat16Bits } from "./half-float.js";

/**
 * One host tensor's values as the little-endian bytes of `dtype` (float32 data: F32/F16/BF16; int32: I32/I64).
 * When the bytes are already in that layout (F32/I32 on a little-endian host) the result is a view on `host.data`,
 * not a copy: callers copy it into their buffer or write it out, and need no copy of their own before that.
 */
export function encodeTensor(host: HostTensor, dtype: FloatStorageDType | IntStorageDType): Uint8Array {
  const values = host.data;
  switch (dtype) {
    case "F32":
    case "I32":
      if (HOST_IS_LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
      return writeElements(values, 4, (view, at, value) =>
        dtype === "F32" ? view.setFloat32(at, value, true) : view.setInt32(at, value, true),
      );
    case "F16":
      return writeElements(values, 2, (view, at, value) =>
        view.setUint16(at, numberToFloat16Bits(value), true),
      );
    case "BF16":
      return writeElements(values, 2, (view, at, value) =>
        view.setUint16(at, numberToBfloat16Bits(value), true),
      );
    case "I64":
      return writeElements(values, 8, (view, at, value) => {
        view.setInt32(at, value, true);
        // Sign-extend into the high word.
        view.setInt32(at + 4, value < 0 ? -1 : 0, true);
      });
  }
}

function writeElements(
  values: ArrayLike<number>,
  bytesPerElement: number,
  write: (view: DataView, byteOffset: number, value: number) => void,
): Uint8Array {
  const bytes = new Uint8Array(values.length * bytesPerElement);
  const view = new DataView(bytes.buffer);
  for (let index = 0; index < values.length; index++) write(view, index * bytesPerElement, values[index]);
  return bytes;
}
