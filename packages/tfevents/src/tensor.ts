import { fromUtf8, ProtoReader, ProtoWriter } from "./protobuf.js";

/** tensorflow/core/framework/types.proto DataType numbers, by name. */
export const DATA_TYPES = {
  DT_INVALID: 0,
  DT_FLOAT: 1,
  DT_DOUBLE: 2,
  DT_INT32: 3,
  DT_UINT8: 4,
  DT_INT16: 5,
  DT_INT8: 6,
  DT_STRING: 7,
  DT_COMPLEX64: 8,
  DT_INT64: 9,
  DT_BOOL: 10,
  DT_BFLOAT16: 14,
  DT_UINT16: 17,
  DT_COMPLEX128: 18,
  DT_HALF: 19,
  DT_UINT32: 22,
  DT_UINT64: 23,
} as const;

export type DataTypeName = keyof typeof DATA_TYPES;

const NAME_OF = new Map<number, string>(Object.entries(DATA_TYPES).map(([name, n]) => [n, name]));

/**
 * A TensorProto as the reader returns it: dtype by name (`DT_<number>` for one we do not name), shape, and its
 * values — numbers for numeric dtypes (from the typed `*_val` fields or `tensor_content`), the raw `string_val`
 * bytes and their UTF-8 decoding for DT_STRING.
 */
export interface TensorValue {
  dtype: string;
  shape: number[];
  values?: number[];
  string_val?: Uint8Array[];
  /** `string_val` decoded as UTF-8 (invalid sequences become U+FFFD). */
  strings?: string[];
}

/** What the writer encodes: a string tensor (text) or a numeric one given as float/double values. */
export interface TensorInit {
  dtype: DataTypeName;
  shape: number[];
  string_val?: Uint8Array[];
  float_val?: number[];
  double_val?: number[];
}

export function encodeTensor(t: TensorInit): Uint8Array {
  const w = new ProtoWriter();
  w.varintField(1, DATA_TYPES[t.dtype]);
  const shape = new ProtoWriter();
  for (const size of t.shape) shape.messageField(2, new ProtoWriter().varintField(1, size).finish());
  w.messageField(2, shape.finish());
  if (t.float_val?.length) {
    const run = new ProtoWriter();
    for (const v of t.float_val) run.float(v);
    w.bytesField(5, run.finish());
  }
  w.packedDoubles(6, t.double_val);
  for (const s of t.string_val ?? []) w.bytesField(8, s, true);
  return w.finish();
}

export function decodeTensor(bytes: Uint8Array, what: string): TensorValue {
  const r = new ProtoReader(bytes, what);
  let dtype = 0;
  let shape: number[] = [];
  let content: Uint8Array | undefined;
  const floats: number[] = [];
  const ints: number[] = [];
  const halves: number[] = [];
  const strings: Uint8Array[] = [];
  while (!r.done) {
    const { field, wire } = r.next();
    if (field === 1) dtype = r.int64(wire);
    else if (field === 2) shape = decodeShape(r.bytes(wire), what);
    else if (field === 4) content = r.bytes(wire);
    else if (field === 5) r.floats(wire, floats);
    else if (field === 6) r.doubles(wire, floats);
    else if (field === 7 || field === 10 || field === 11 || field === 16 || field === 17)
      r.varints(wire, ints);
    else if (field === 8) strings.push(r.bytes(wire));
    else if (field === 13) r.varints(wire, halves);
    else r.skip(wire);
  }
  const out: TensorValue = { dtype: NAME_OF.get(dtype) ?? `DT_${dtype}`, shape };
  if (dtype === DATA_TYPES.DT_STRING) {
    out.string_val = strings;
    out.strings = strings.map(fromUtf8);
  } else if (content) {
    out.values = fromTensorContent(dtype, content, what);
  } else if (halves.length > 0) {
    out.values = halves.map(halfToNumber);
  } else {
    out.values = floats.length > 0 ? floats : ints;
  }
  return out;
}

function decodeShape(bytes: Uint8Array, what: string): number[] {
  const r = new ProtoReader(bytes, `${what} shape`);
  const dims: number[] = [];
  while (!r.done) {
    const { field, wire } = r.next();
    if (field !== 2) {
      r.skip(wire);
      continue;
    }
    const d = new ProtoReader(r.bytes(wire), `${what} shape dim`);
    let size = 0;
    while (!d.done) {
      const f = d.next();
      if (f.field === 1) size = d.int64(f.wire);
      else d.skip(f.wire);
    }
    dims.push(size);
  }
  return dims;
}

function fromTensorContent(dtype: number, content: Uint8Array, what: string): number[] {
  const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
  const read = (size: number, get: (offset: number) => number): number[] => {
    if (content.length % size !== 0) {
      throw new Error(`${what}: tensor_content of ${content.length} bytes is not a whole number of elements`);
    }
    return Array.from({ length: content.length / size }, (_, i) => get(i * size));
  };
  switch (dtype) {
    case DATA_TYPES.DT_FLOAT:
      return read(4, (o) => view.getFloat32(o, true));
    case DATA_TYPES.DT_DOUBLE:
      return read(8, (o) => view.getFloat64(o, true));
    case DATA_TYPES.DT_INT32:
      return read(4, (o) => view.getInt32(o, true));
    case DATA_TYPES.DT_UINT32:
      return read(4, (o) => view.getUint32(o, true));
    case DATA_TYPES.DT_INT64:
      return read(8, (o) => Number(view.getBigInt64(o, true)));
    case DATA_TYPES.DT_UINT64:
      return read(8, (o) => Number(view.getBigUint64(o, true)));
    case DATA_TYPES.DT_INT16:
      return read(2, (o) => view.getInt16(o, true));
    case DATA_TYPES.DT_UINT16:
      return read(2, (o) => view.getUint16(o, true));
    case DATA_TYPES.DT_INT8:
      return read(1, (o) => view.getInt8(o));
    case DATA_TYPES.DT_UINT8:
    case DATA_TYPES.DT_BOOL:
      return read(1, (o) => view.getUint8(o));
    case DATA_TYPES.DT_HALF:
      return read(2, (o) => halfToNumber(view.getUint16(o, true)));
    case DATA_TYPES.DT_BFLOAT16:
      return read(2, (o) => new Float32Array(new Uint32Array([view.getUint16(o, true) << 16]).buffer)[0]);
    default:
      throw new Error(`${what}: cannot read tensor_content of dtype ${NAME_OF.get(dtype) ?? dtype}`);
  }
}

function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
