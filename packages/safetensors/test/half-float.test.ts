import { describe, expect, it } from "vitest";
import {
  bfloat16BitsToNumber,
  float16BitsToNumber,
  numberToBfloat16Bits,
  numberToFloat16Bits,
  parseSafetensors,
  serializeSafetensors,
} from "../src/index.js";

const floatFromBits = (bits: number) => new Float32Array(new Uint32Array([bits]).buffer)[0];

/** A file with one tensor of `dtype` whose data are `data`, built by hand. */
function fileWith(dtype: string, shape: number[], data: number[]): Uint8Array {
  const json = JSON.stringify({ t: { dtype, shape, data_offsets: [0, data.length] } });
  const header = new TextEncoder().encode(json.padEnd(Math.ceil(json.length / 8) * 8, " "));
  const out = new Uint8Array(8 + header.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  out.set(data, 8 + header.length);
  return out;
}

describe("float16", () => {
  it.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [0.1, 0x2e66],
    [1 / 3, 0x3555],
    [65504, 0x7bff],
    [65519, 0x7bff],
    [65520, 0x7c00], // halfway to 65536: ties to even, and even is Infinity
    [1e6, 0x7c00],
    [-1e6, 0xfc00],
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -25, 0x0000], // halfway to the smallest subnormal: ties to even (zero)
    [1.5 * 2 ** -25, 0x0001],
    [1e-10, 0x0000],
    [-0, 0x8000],
    [1 + 2 ** -11, 0x3c00], // tie, rounds down to the even mantissa
    [1 + 3 * 2 ** -11, 0x3c02], // tie, rounds up to the even mantissa
    [1023 * 2 ** -24, 0x03ff], // largest subnormal
    [2 ** -14 - 2 ** -26, 0x0400], // rounds up out of the subnormals
  ])("%d → %i", (value, bits) => {
    expect(numberToFloat16Bits(value)).toBe(bits);
  });

  it("keeps NaN a NaN", () => {
    expect(numberToFloat16Bits(Number.NaN)).toBe(0x7e00);
    expect(float16BitsToNumber(numberToFloat16Bits(floatFromBits(0x7f800001)))).toBeNaN();
  });

  it.each([
    [0x3c00, 1],
    [0xc000, -2],
    [0x7bff, 65504],
    [0x3555, 0.333251953125],
    [0x2e66, 0.0999755859375],
    [0x0001, 2 ** -24],
    [0x03ff, 1023 * 2 ** -24],
    [0x0400, 2 ** -14],
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
    [0x8000, -0],
  ])("%i → %d", (bits, value) => {
    expect(Object.is(float16BitsToNumber(bits), value)).toBe(true);
  });

  it("decodes every non-NaN half and encodes it back to the same bits", () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0) continue;
      expect(numberToFloat16Bits(float16BitsToNumber(bits))).toBe(bits);
    }
  });
});

describe("bfloat16", () => {
  it.each([
    [1, 0x3f80],
    [-2, 0xc000],
    [0.1, 0x3dcd], // 0x3dcccccd: the dropped half 0xcccd is above the tie
    [Math.PI, 0x4049], // 0x40490fdb: dropped 0x0fdb, below the tie
    [floatFromBits(0x3f808000), 0x3f80], // tie, even stays
    [floatFromBits(0x3f818000), 0x3f82], // tie, odd rounds up
    [floatFromBits(0x7f7fffff), 0x7f80], // the largest float32 rounds to Infinity
    [-0, 0x8000],
    [-Infinity, 0xff80],
    [Number.NaN, 0x7fc0],
  ])("%d → %i", (value, bits) => {
    expect(numberToBfloat16Bits(value)).toBe(bits);
  });

  it.each([
    [0x3f80, 1],
    [0x4049, 3.140625],
    [0xc000, -2],
    [0x0001, 2 ** -133],
    [0xff80, -Infinity],
    [0x8000, -0],
  ])("%i → %d", (bits, value) => {
    expect(Object.is(bfloat16BitsToNumber(bits), value)).toBe(true);
  });

  it("decodes NaN as NaN", () => {
    expect(bfloat16BitsToNumber(0x7fc0)).toBeNaN();
  });
});

describe("half-precision files", () => {
  it("writes float32 tensors as F16 with the hand-computed bytes and reads them back widened", () => {
    const bytes = serializeSafetensors(
      { t: { dtype: "float32", shape: [4], data: Float32Array.from([1, -2, 0.1, 65520]) } },
      { dtype: "F16", metadata: null },
    );
    expect([...bytes.subarray(bytes.length - 8)]).toEqual([0x00, 0x3c, 0x00, 0xc0, 0x66, 0x2e, 0x00, 0x7c]);
    const back = parseSafetensors(bytes, "mem").tensors.get("t")!;
    expect(back.dtype).toBe("float32");
    expect([...back.data]).toEqual([1, -2, 0.0999755859375, Infinity]);
  });

  it("writes float32 tensors as BF16 with the hand-computed bytes and reads them back widened", () => {
    const bytes = serializeSafetensors(
      { t: { dtype: "float32", shape: [3], data: Float32Array.from([1, 0.1, Math.PI]) } },
      { dtype: "BF16", metadata: null },
    );
    expect([...bytes.subarray(bytes.length - 6)]).toEqual([0x80, 0x3f, 0xcd, 0x3d, 0x49, 0x40]);
    const back = parseSafetensors(bytes, "mem").tensors.get("t")!;
    expect([...back.data]).toEqual([1, floatFromBits(0x3dcd0000), 3.140625]);
  });

  it("reads F16 and BF16 files built by hand", () => {
    const f16 = parseSafetensors(
      fileWith("F16", [3], [0x00, 0x3c, 0x01, 0x00, 0x00, 0xfc]),
      "f16",
    ).tensors.get("t")!;
    expect([...f16.data]).toEqual([1, 2 ** -24, -Infinity]);
    const bf16 = parseSafetensors(fileWith("BF16", [2], [0x80, 0xbf, 0x49, 0x40]), "bf16").tensors.get("t")!;
    expect([...bf16.data]).toEqual([-1, 3.140625]);
  });

  it("narrows F64 to the nearest float32 (huge values become Infinity, tiny ones zero)", () => {
    const data = new Uint8Array(24);
    const view = new DataView(data.buffer);
    for (const [index, value] of [0.1, 1e300, -1e-300].entries()) view.setFloat64(8 * index, value, true);
    const back = parseSafetensors(fileWith("F64", [3], [...data]), "f64").tensors.get("t")!;
    expect(back.dtype).toBe("float32");
    expect([...back.data]).toEqual([Math.fround(0.1), Infinity, -0]);
  });

  it("reads the small integer types and BOOL as int32", () => {
    const read = (dtype: string, data: number[]) => {
      const elements = dtype.endsWith("16") ? data.length / 2 : data.length;
      return [...parseSafetensors(fileWith(dtype, [elements], data), dtype).tensors.get("t")!.data];
    };
    expect(read("I8", [0x7f, 0x80, 0xff])).toEqual([127, -128, -1]);
    expect(read("U8", [0x7f, 0x80, 0xff])).toEqual([127, 128, 255]);
    expect(read("BOOL", [0, 1, 2])).toEqual([0, 1, 1]);
    expect(read("I16", [0xff, 0x7f, 0x00, 0x80])).toEqual([32767, -32768]);
    expect(read("U16", [0xff, 0xff, 0x01, 0x00])).toEqual([65535, 1]);
  });
});
