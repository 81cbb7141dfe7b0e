import type { HostTensor } from "@tfjs-trainer/data";
import { decodeTensor } from "./decode.js";
import { decodeHeader, LENGTH_PREFIX_BYTES, readHeaderLength, type SafetensorsHeader } from "./header.js";

export interface SafetensorsContents {
  /** The `__metadata__` entry; absent when the file has none. */
  metadata?: Record<string, string>;
  /** Every tensor, in the order of the file's data buffer. */
  tensors: Map<string, HostTensor>;
}

/** Reads and validates the header of a whole file held in memory (tensors are not decoded). */
export function parseSafetensorsHeader(bytes: Uint8Array, source: string): SafetensorsHeader {
  const headerLength = readHeaderLength(bytes, bytes.length, source);
  const headerBytes = bytes.subarray(LENGTH_PREFIX_BYTES, LENGTH_PREFIX_BYTES + headerLength);
  return decodeHeader(headerBytes, bytes.length, source);
}

/**
 * Parses a safetensors file held in memory into host tensors (float32 or int32). `source` names the file in errors.
 */
export function parseSafetensors(bytes: Uint8Array, source: string): SafetensorsContents {
  const header = parseSafetensorsHeader(bytes, source);
  const tensors = new Map<string, HostTensor>();
  for (const [name, info] of header.tensors) {
    const [begin, end] = info.dataOffsets;
    const raw = bytes.subarray(header.dataStart + begin, header.dataStart + end);
    tensors.set(name, decodeTensor(raw, info, name, source));
  }
  return header.metadata === undefined ? { tensors } : { metadata: header.metadata, tensors };
}
