/**
 * The protobuf wire format, as far as TensorBoard's event messages need it: varints, 32/64-bit fixed numbers and
 * length-delimited fields. Fields are written in field-number order and proto3 defaults are left out, which is
 * what the Python and C++ serializers do, so our bytes have the layout TF and torch write.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: true });

/** Appends fields to a growing buffer. */
export class ProtoWriter {
  private buffer = new Uint8Array(64);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }

  /** An unsigned varint; negative int32/int64 values are written as their 64-bit two's complement (10 bytes). */
  varint(value: number | bigint): this {
    let v = typeof value === "bigint" ? BigInt.asUintN(64, value) : undefined;
    if (v === undefined) {
      const n = value as number;
      if (!Number.isInteger(n)) throw new RangeError(`protobuf: varint needs an integer, got ${n}`);
      if (n >= 0 && n < 2 ** 31) {
        this.reserve(5);
        let x = n;
        while (x > 0x7f) {
          this.buffer[this.length++] = (x & 0x7f) | 0x80;
          x >>>= 7;
        }
        this.buffer[this.length++] = x;
        return this;
      }
      v = BigInt.asUintN(64, BigInt(n));
    }
    this.reserve(10);
    while (v > 0x7fn) {
      this.buffer[this.length++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buffer[this.length++] = Number(v);
    return this;
  }

  tag(field: number, wire: number): this {
    return this.varint(field * 8 + wire);
  }

  double(value: number): this {
    this.reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
    return this;
  }

  float(value: number): this {
    this.reserve(4);
    this.view.setFloat32(this.length, value, true);
    this.length += 4;
    return this;
  }

  raw(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }

  // ── fields (proto3: a default value is not written unless `always`, as for a member of a oneof) ──────────────

  doubleField(field: number, value: number | undefined, always = false): this {
    if (value === undefined || (value === 0 && !always && !Object.is(value, -0))) return this;
    return this.tag(field, WIRE_FIXED64).double(value);
  }

  floatField(field: number, value: number | undefined, always = false): this {
    if (value === undefined || (value === 0 && !always && !Object.is(value, -0))) return this;
    return this.tag(field, WIRE_FIXED32).float(value);
  }

  varintField(field: number, value: number | bigint | undefined, always = false): this {
    if (value === undefined || ((value === 0 || value === 0n) && !always)) return this;
    return this.tag(field, WIRE_VARINT).varint(value);
  }

  boolField(field: number, value: boolean | undefined, always = false): this {
    if (value === undefined || (!value && !always)) return this;
    return this.tag(field, WIRE_VARINT).varint(value ? 1 : 0);
  }

  bytesField(field: number, value: Uint8Array | undefined, always = false): this {
    if (value === undefined || (value.length === 0 && !always)) return this;
    return this.tag(field, WIRE_BYTES).varint(value.length).raw(value);
  }

  stringField(field: number, value: string | undefined, always = false): this {
    if (value === undefined || (value === "" && !always)) return this;
    return this.bytesField(field, textEncoder.encode(value), true);
  }

  /** A sub-message; written whenever it is given (message fields have presence), even when empty. */
  messageField(field: number, message: Uint8Array | undefined): this {
    if (message === undefined) return this;
    return this.bytesField(field, message, true);
  }

  packedDoubles(field: number, values: readonly number[] | undefined): this {
    if (!values || values.length === 0) return this;
    this.tag(field, WIRE_BYTES).varint(values.length * 8);
    for (const v of values) this.double(v);
    return this;
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

export class ProtoDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtoDecodeError";
  }
}

/** One field's header: its number and wire type. */
export interface FieldHeader {
  field: number;
  wire: number;
}

/**
 * Reads the fields of one message in order. Each value reader takes the field's wire type and fails when it is
 * not the one the schema gives; unknown fields are skipped by their wire type.
 */
export class ProtoReader {
  private pos = 0;
  private readonly view: DataView;

  constructor(
    private readonly buf: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  private fail(message: string): never {
    throw new ProtoDecodeError(`${this.what}: ${message} at byte ${this.pos}`);
  }

  next(): FieldHeader {
    const key = this.rawVarint();
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (field === 0) this.fail("field number 0");
    return { field, wire };
  }

  private rawVarint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.buf.length) this.fail("truncated varint");
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
    return this.fail("varint longer than 10 bytes");
  }

  private rawDouble(): number {
    if (this.pos + 8 > this.buf.length) this.fail("truncated double");
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  private rawFloat(): number {
    if (this.pos + 4 > this.buf.length) this.fail("truncated float");
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  private rawBytes(): Uint8Array {
    const length = Number(this.rawVarint());
    if (this.pos + length > this.buf.length) this.fail(`length ${length} runs past the end`);
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  private expect(wire: number, expected: number): void {
    if (wire !== expected) this.fail(`wire type ${wire} where ${expected} was expected`);
  }

  /** int32 / int64 / enum: two's complement for negatives; exact below 2^53. */
  int64(wire: number): number {
    this.expect(wire, WIRE_VARINT);
    return Number(BigInt.asIntN(64, this.rawVarint()));
  }

  bool(wire: number): boolean {
    this.expect(wire, WIRE_VARINT);
    return this.rawVarint() !== 0n;
  }

  double(wire: number): number {
    this.expect(wire, WIRE_FIXED64);
    return this.rawDouble();
  }

  float(wire: number): number {
    this.expect(wire, WIRE_FIXED32);
    return this.rawFloat();
  }

  bytes(wire: number): Uint8Array {
    this.expect(wire, WIRE_BYTES);
    return this.rawBytes();
  }

  string(wire: number): string {
    const bytes = this.bytes(wire);
    try {
      return textDecoder.decode(bytes);
    } catch {
      return this.fail("string field is not UTF-8");
    }
  }

  /** A repeated double field, packed (one length-delimited run) or not (one value per field). */
  doubles(wire: number, into: number[]): void {
    if (wire === WIRE_FIXED64) {
      into.push(this.rawDouble());
      return;
    }
    const run = new ProtoReader(this.bytes(wire), this.what);
    while (!run.done) into.push(run.rawDouble());
  }

  /** A repeated float field, packed or not. */
  floats(wire: number, into: number[]): void {
    if (wire === WIRE_FIXED32) {
      into.push(this.rawFloat());
      return;
    }
    const run = new ProtoReader(this.bytes(wire), this.what);
    while (!run.done) into.push(run.rawFloat());
  }

  /** A repeated varint field (int32, int64, bool, enum), packed or not. */
  varints(wire: number, into: number[]): void {
    if (wire === WIRE_VARINT) {
      into.push(Number(BigInt.asIntN(64, this.rawVarint())));
      return;
    }
    const run = new ProtoReader(this.bytes(wire), this.what);
    while (!run.done) into.push(Number(BigInt.asIntN(64, run.rawVarint())));
  }

  skip(wire: number): void {
    if (wire === WIRE_VARINT) this.rawVarint();
    else if (wire === WIRE_FIXED64) this.rawDouble();
    else if (wire === WIRE_BYTES) this.rawBytes();
    else if (wire === WIRE_FIXED32) this.rawFloat();
    else this.fail(`unsupported wire type ${wire}`);
  }
}

export function utf8(text: string): Uint8Array {
  return textEncoder.encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
  return new TextDecoder("utf-8").decode(bytes);
}
