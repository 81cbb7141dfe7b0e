import { type FileHandle, open, readFile } from "node:fs/promises";
import type * as tf from "@tensorflow/tfjs";
import type { HostTensor } from "@tfjs-trainer/data";
import { writeAtomically } from "./atomic-write.js";
import { decodeHeader, LENGTH_PREFIX_BYTES, readHeaderLength, type SafetensorsHeader } from "./header.js";
import { parseSafetensors, type SafetensorsContents } from "./parse.js";
import { layoutSafetensors, type SerializeOptions } from "./serialize.js";
import type { NamedTensors } from "./tfjs.js";
import { writeLayout } from "./write-layout.js";

/**
 * Reads and validates only the header of a file (names, dtypes, shapes, offsets, metadata): cheap even for a large
 * model, and it still catches a truncated file, since the offsets are checked against the file's size.
 */
export async function readSafetensorsHeader(path: string): Promise<SafetensorsHeader> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const prefix = await readExactly(handle, 0, Math.min(LENGTH_PREFIX_BYTES, size));
    const headerLength = readHeaderLength(prefix, size, path);
    const headerBytes = await readExactly(handle, LENGTH_PREFIX_BYTES, headerLength);
    return decodeHeader(headerBytes, size, path);
  } finally {
    await handle.close();
  }
}

/** Reads a whole file into host tensors (float32 / int32). */
export async function readSafetensorsFile(path: string): Promise<SafetensorsContents> {
  return parseSafetensors(await readFile(path), path);
}

/**
 * Writes `tensors` atomically (never a half file under `path`), byte for byte what `serializeSafetensors` returns,
 * without building the file in memory: the header comes from dtypes and shapes alone, then each tensor is read
 * (asynchronously, so every backend works, WebGPU in Node included) and written in turn. The tensors are checked
 * before the file is created; they must not change or be disposed until the promise settles.
 */
export async function writeSafetensorsFile(
  path: string,
  tensors: NamedTensors<HostTensor | tf.Tensor>,
  options: SerializeOptions = {},
): Promise<void> {
  const layout = layoutSafetensors(tensors, options);
  await writeAtomically(path, (handle) => writeLayout(handle, layout));
}

async function readExactly(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
