import {
  BYTES_PER_ELEMENT,
  isSafetensorsDType,
  SAFETENSORS_DTYPES,
  type SafetensorsDType,
} from "./dtypes.js";
import { SafetensorsError } from "./errors.js";

/** Where one tensor lives: `dataOffsets` are [begin, end) byte positions relative to the data buffer. */
export interface TensorInfo {
  dtype: SafetensorsDType;
  shape: number[];
  dataOffsets: [number, number];
}

export interface SafetensorsHeader {
  /** The `__metadata__` entry (HF writes `{"format": "pt"}`); absent when the file has none. */
  metadata?: Record<string, string>;
  /** Tensors in data-buffer order. */
  tensors: Map<string, TensorInfo>;
  /** Length in bytes of the JSON header, padding included (the u64 at the start of the file). */
  headerLength: number;
  /** File position where the data buffer starts: 8 + headerLength. */
  dataStart: number;
}

export const LENGTH_PREFIX_BYTES = 8;
/** The reference reader refuses larger headers; so do we, rather than allocate whatever a corrupt prefix says. */
export const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = "__metadata__";

/** Reads the u64 header length and checks that the header fits inside a file of `fileLength` bytes. */
export function readHeaderLength(prefix: Uint8Array, fileLength: number, source: string): number {
  if (fileLength < LENGTH_PREFIX_BYTES || prefix.length < LENGTH_PREFIX_BYTES) {
    throw new SafetensorsError(
      source,
      `is ${fileLength} bytes long, too short for the 8-byte header length (not a safetensors file?)`,
    );
  }
  const view = new DataView(prefix.buffer, prefix.byteOffset, LENGTH_PREFIX_BYTES);
  const length = view.getBigUint64(0, true);
  if (length > BigInt(MAX_HEADER_BYTES)) {
    throw new SafetensorsError(
      source,
      `declares a header of ${length} bytes, more than the ${MAX_HEADER_BYTES} allowed (not a safetensors file?)`,
    );
  }
  const headerLength = Number(length);
  if (LENGTH_PREFIX_BYTES + headerLength > fileLength) {
    throw new SafetensorsError(
      source,
      `declares a header of ${headerLength} bytes but the file has only ${fileLength - LENGTH_PREFIX_BYTES} ` +
        "after the length prefix (truncated?)",
    );
  }
  return headerLength;
}

/**
 * Decodes and validates the JSON header against the file size, as strictly as the reference reader: every tensor's
 * byte range matches its shape and dtype, and the ranges tile the data buffer exactly (no gap, no overlap, nothing
 * left over, nothing past the end).
 */
export function decodeHeader(headerBytes: Uint8Array, fileLength: number, source: string): SafetensorsHeader {
  const headerLength = headerBytes.length;
  const dataStart = LENGTH_PREFIX_BYTES + headerLength;
  const json = parseHeaderJson(headerBytes, source);
  const metadata = readMetadata(json[METADATA_KEY], source);
  const entries = Object.entries(json)
    .filter(([name]) => name !== METADATA_KEY)
    .map(([name, raw]) => [name, readTensorInfo(name, raw, source)] as const);
  entries.sort(([, a], [, b]) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  checkTiling(entries, fileLength - dataStart, dataStart, fileLength, source);
  const tensors = new Map(entries);
  return metadata === undefined
    ? { tensors, headerLength, dataStart }
    : { metadata, tensors, headerLength, dataStart };
}

function parseHeaderJson(headerBytes: Uint8Array, source: string): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(headerBytes);
  } catch (cause) {
    throw new SafetensorsError(source, "has a header that is not valid UTF-8", { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new SafetensorsError(source, `has a header that is not valid JSON (${detail})`, { cause });
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new SafetensorsError(source, "has a header that is not a JSON object");
  }
  return json as Record<string, unknown>;
}

function readMetadata(raw: unknown, source: string): Record<string, string> | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new SafetensorsError(source, `has a ${METADATA_KEY} entry that is not an object of strings`);
  }
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== "string") {
      throw new SafetensorsError(
        source,
        `has ${METADATA_KEY}[${JSON.stringify(key)}] = ${JSON.stringify(value)}, but metadata values must be strings`,
      );
    }
    Object.defineProperty(metadata, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return metadata;
}

function readTensorInfo(name: string, raw: unknown, source: string): TensorInfo {
  const fail = (message: string): never => {
    throw new SafetensorsError(source, message, { tensor: name });
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    fail("has a header entry that is not an object");
  }
  const entry = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  if (!isSafetensorsDType(entry.dtype)) {
    fail(`has unknown dtype ${JSON.stringify(entry.dtype)} (known: ${SAFETENSORS_DTYPES.join(", ")})`);
  }
  const dtype = entry.dtype as SafetensorsDType;
  if (!Array.isArray(entry.shape) || !entry.shape.every(isNonNegativeInteger)) {
    fail(`has shape ${JSON.stringify(entry.shape)}, which is not a list of non-negative integers`);
  }
  const shape = entry.shape as number[];
  const offsets = entry.data_offsets;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInteger)) {
    fail(`has data_offsets ${JSON.stringify(offsets)}, which is not a pair of non-negative integers`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) fail(`has data_offsets [${begin}, ${end}] that end before they begin`);
  const elements = shape.reduce((product, dim) => product * dim, 1);
  const bytes = elements * BYTES_PER_ELEMENT[dtype];
  if (!Number.isSafeInteger(bytes)) fail(`has shape [${shape.join(", ")}], too large to address`);
  if (end - begin !== bytes) {
    fail(
      `has shape [${shape.join(", ")}] of ${dtype}, which needs ${bytes} bytes, ` +
        `but data_offsets [${begin}, ${end}] span ${end - begin}`,
    );
  }
  return { dtype, shape: [...shape], dataOffsets: [begin, end] };
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function checkTiling(
  entries: ReadonlyArray<readonly [string, TensorInfo]>,
  dataLength: number,
  dataStart: number,
  fileLength: number,
  source: string,
): void {
  let expectedBegin = 0;
  let previous: string | undefined;
  for (const [name, info] of entries) {
    const [begin, end] = info.dataOffsets;
    const after =
      previous === undefined ? "the start of the data buffer" : `tensor ${JSON.stringify(previous)}`;
    if (begin < expectedBegin) {
      throw new SafetensorsError(
        source,
        `has data_offsets [${begin}, ${end}] that overlap ${after} (which ends at ${expectedBegin})`,
        { tensor: name },
      );
    }
    if (begin > expectedBegin) {
      throw new SafetensorsError(
        source,
        `has data_offsets [${begin}, ${end}] that leave a gap of ${begin - expectedBegin} bytes after ${after} ` +
          `(which ends at ${expectedBegin})`,
        { tensor: name },
      );
    }
    if (end > dataLength) {
      throw new SafetensorsError(
        source,
        `needs bytes ${begin}..${end} of the data buffer (file bytes ${dataStart + begin}..${dataStart + end}) ` +
          `but the file has ${fileLength} (truncated?)`,
        { tensor: name },
      );
    }
    expectedBegin = end;
    previous = name;
  }
  if (expectedBegin !== dataLength) {
    const last = previous === undefined ? "the header" : `tensor ${JSON.stringify(previous)}`;
    throw new SafetensorsError(
      source,
      `has ${dataLength - expectedBegin} bytes after ${last} that no tensor covers (the data buffer is ` +
        `${dataLength} bytes, the tensors cover ${expectedBegin})`,
    );
  }
}
