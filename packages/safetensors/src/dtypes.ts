/**
 * The element types of the safetensors format, in the order of the upstream `Dtype` enum. That order is the one the
 * reference writer sorts by (descending, so the widest alignments come first), so it must not be rearranged.
 */
export const SAFETENSORS_DTYPES = [
  "BOOL",
  "U8",
  "I8",
  "F8_E5M2",
  "F8_E4M3",
  "I16",
  "U16",
  "F16",
  "BF16",
  "I32",
  "U32",
  "F32",
  "F64",
  "I64",
  "U64",
] as const;

export type SafetensorsDType = (typeof SAFETENSORS_DTYPES)[number];

/** Float encodings a float32 tensor can be written in. */
export type FloatStorageDType = "F32" | "F16" | "BF16";
/** Integer encodings an int32 tensor can be written in (HF token ids and labels are int64). */
export type IntStorageDType = "I32" | "I64";

export const BYTES_PER_ELEMENT: Readonly<Record<SafetensorsDType, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

export function isSafetensorsDType(value: unknown): value is SafetensorsDType {
  return typeof value === "string" && (SAFETENSORS_DTYPES as readonly string[]).includes(value);
}

/** The format is little-endian; on such a host (every platform Node runs on today) typed arrays can copy bytes as-is. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Position in the upstream enum: a larger rank is written earlier in the data buffer. */
export function dtypeRank(dtype: SafetensorsDType): number {
  return SAFETENSORS_DTYPES.indexOf(dtype);
}
