import { crc32c } from "@node-rs/crc32";

// TFRecord framing, as TensorFlow's RecordWriter writes it and every TensorBoard reader expects:
//   uint64 length (little-endian) | uint32 masked_crc32c(length bytes) | data | uint32 masked_crc32c(data)

const MASK_DELTA = 0xa282ead8;
export const RECORD_OVERHEAD = 16;
const HEADER_BYTES = 12;

/** crc32c rotated right by 15 bits plus a constant: what TFRecord stores, so a CRC of CRCs does not look valid. */
export function maskedCrc32c(data: Uint8Array): number {
  const crc = crc32c(data);
  return (((crc >>> 15) | (crc << 17)) + MASK_DELTA) >>> 0;
}

/** One record's bytes: header, data, footer. */
export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + RECORD_OVERHEAD);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, HEADER_BYTES);
  view.setUint32(HEADER_BYTES + data.length, maskedCrc32c(data), true);
  return out;
}

/** A problem in an event file, with the file and the byte offset of the record it concerns. */
export class EventFileError extends Error {
  constructor(
    readonly path: string,
    readonly offset: number,
    problem: string,
  ) {
    super(`${path}: ${problem} (record at byte offset ${offset})`);
    this.name = "EventFileError";
  }
}

/** Where a file ends inside its last record: that record's offset, and the bytes present of the bytes it needs. */
export interface TornRecord {
  offset: number;
  present: number;
  needed: number;
}

export interface FramedRecords {
  records: { offset: number; data: Uint8Array }[];
  torn?: TornRecord;
}

/**
 * Splits a file's bytes into records, checking both CRCs of every record. A file that ends inside its last
 * record (a write cut short) gives `torn`; every other defect throws an EventFileError naming the offset.
 */
export function splitRecords(bytes: Uint8Array, path: string): FramedRecords {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: FramedRecords["records"] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const left = bytes.length - offset;
    if (left < HEADER_BYTES) return { records, torn: { offset, present: left, needed: HEADER_BYTES } };
    const lengthBytes = bytes.subarray(offset, offset + 8);
    if (view.getUint32(offset + 8, true) !== maskedCrc32c(lengthBytes)) {
      throw new EventFileError(path, offset, "the length's CRC does not match (corrupt record header)");
    }
    const length = view.getBigUint64(offset, true);
    const needed = BigInt(RECORD_OVERHEAD) + length;
    if (needed > BigInt(left)) {
      return { records, torn: { offset, present: left, needed: Number(needed) } };
    }
    const size = Number(length);
    const data = bytes.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + size);
    if (view.getUint32(offset + HEADER_BYTES + size, true) !== maskedCrc32c(data)) {
      throw new EventFileError(path, offset, "the data's CRC does not match (corrupt record)");
    }
    records.push({ offset, data });
    offset += RECORD_OVERHEAD + size;
  }
  return { records };
}
