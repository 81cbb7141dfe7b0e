import * as tf from "@tensorflow/tfjs";
import type { HostTensor } from "@tfjs-trainer/data";
import { describe, expect, it } from "vitest";
import {
  fromTfTensors,
  parseSafetensors,
  parseSafetensorsHeader,
  serializeSafetensors,
  toTfTensors,
} from "../src/index.js";
import { floats, ints } from "./host-tensors.js";

const bitsOf = (data: Float32Array | Int32Array) => [
  ...new Uint32Array(data.buffer, data.byteOffset, data.length),
];

/** The JSON header of a serialized file, as text. */
function headerText(bytes: Uint8Array): string {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return new TextDecoder().decode(bytes.subarray(8, 8 + length));
}

describe("serialize → parse", () => {
  it("gives back every float32 bit pattern, NaN payloads, -0, subnormals and infinities included", () => {
    const payloadNaN = new Float32Array(new Uint32Array([0x7fa00001]).buffer)[0];
    const special = [
      Number.NaN,
      payloadNaN,
      -0,
      0,
      1e-45,
      -1e-45,
      3.4028234663852886e38,
      Infinity,
      -Infinity,
    ];
    const random = Array.from({ length: 1000 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453);
    const original = floats([1009], [...special, ...random]);
    const parsed = parseSafetensors(serializeSafetensors({ w: original }), "mem");
    const back = parsed.tensors.get("w")!;
    expect(back.dtype).toBe("float32");
    expect(back.shape).toEqual([1009]);
    expect(bitsOf(back.data)).toEqual(bitsOf(original.data));
  });

  it("gives back int32 extremes written as I32 and as I64 (sign-extended)", () => {
    const values = [-2147483648, -1, 0, 1, 2147483647, 123456789];
    for (const intDtype of ["I32", "I64"] as const) {
      const bytes = serializeSafetensors({ ids: ints([2, 3], values) }, { intDtype });
      expect(headerText(bytes)).toContain(`"ids":{"dtype":"${intDtype}","shape":[2,3]`);
      const back = parseSafetensors(bytes, "mem").tensors.get("ids")!;
      expect(back).toEqual({ dtype: "int32", shape: [2, 3], data: Int32Array.from(values) });
    }
    const i64 = serializeSafetensors({ ids: ints([2], [-1, 5]) }, { intDtype: "I64", metadata: null });
    const data = i64.subarray(i64.length - 16);
    expect(new DataView(data.buffer, data.byteOffset).getBigInt64(0, true)).toBe(-1n);
    expect(new DataView(data.buffer, data.byteOffset).getBigInt64(8, true)).toBe(5n);
  });

  it("keeps scalars and empty tensors", () => {
    const parsed = parseSafetensors(
      serializeSafetensors({ scalar: floats([], [2.5]), empty: floats([0, 4], []), none: ints([0], []) }),
      "mem",
    );
    expect(parsed.tensors.get("scalar")).toEqual(floats([], [2.5]));
    expect(parsed.tensors.get("empty")).toEqual(floats([0, 4], []));
    expect(parsed.tensors.get("none")).toEqual(ints([0], []));
  });

  it("parses a file inside a larger, unaligned buffer and never aliases it", () => {
    const file = serializeSafetensors({ w: floats([3], [1.5, -2, 3.25]), i: ints([2], [7, -8]) });
    const host = new Uint8Array(file.length + 3);
    host.set(file, 1);
    const view = host.subarray(1, 1 + file.length);
    const parsed = parseSafetensors(view, "mem");
    host.fill(0);
    expect([...parsed.tensors.get("w")!.data]).toEqual([1.5, -2, 3.25]);
    expect([...parsed.tensors.get("i")!.data]).toEqual([7, -8]);
  });
});

describe("layout as the Python safetensors library writes it", () => {
  it("reproduces upstream's own test vector for one F32 tensor without metadata", () => {
    const bytes = serializeSafetensors(
      { "attn.0": floats([1, 2, 3], [0, 1, 2, 3, 4, 5]) },
      { metadata: null },
    );
    // biome-ignore format: a byte vector reads best as rows
    const expected = [
      64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100,
      116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34,
      58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
      101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63,
      0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
    ];
    expect([...bytes]).toEqual(expected);
  });

  it("reproduces upstream's empty files, with and without metadata", () => {
    expect([...serializeSafetensors({}, { metadata: null })]).toEqual([
      8,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      123,
      125,
      ...Array(6).fill(32),
    ]);
    const withMetadata = serializeSafetensors({}, { metadata: { framework: "pt" } });
    expect(withMetadata[0]).toBe(40);
    expect(headerText(withMetadata)).toBe('{"__metadata__":{"framework":"pt"}}     ');
  });

  it("writes __metadata__ {format: pt} by default, the given one when asked, none for null", () => {
    expect(headerText(serializeSafetensors({ w: floats([1], [1]) }))).toMatch(
      /^\{"__metadata__":\{"format":"pt"\},"w":/,
    );
    const custom = serializeSafetensors({ w: floats([1], [1]) }, { metadata: { z: "1", a: 'quo"te' } });
    expect(headerText(custom)).toMatch(/^\{"__metadata__":\{"a":"quo\\"te","z":"1"\},"w":/);
    expect(parseSafetensors(custom, "mem").metadata).toEqual({ a: 'quo"te', z: "1" });
    const none = serializeSafetensors({ w: floats([1], [1]) }, { metadata: null });
    expect(headerText(none)).toMatch(/^\{"w":/);
    expect(parseSafetensors(none, "mem").metadata).toBeUndefined();
  });

  it("orders tensors by dtype alignment (descending) then name, integer-like names included", () => {
    const tensors = {
      b: floats([1], [1]),
      "10": floats([1], [2]),
      a: ints([1], [3]),
      "2": floats([1], [4]),
      "0": ints([1], [5]),
      c: floats([1], [6]),
    };
    const asI64 = parseSafetensorsHeader(serializeSafetensors(tensors, { intDtype: "I64" }), "mem");
    expect([...asI64.tensors.keys()]).toEqual(["0", "a", "10", "2", "b", "c"]);
    expect(headerText(serializeSafetensors(tensors, { intDtype: "I64", metadata: null }))).toMatch(
      /^\{"0":\{"dtype":"I64".*\},"a":.*"10":.*"2":.*"b":.*"c":\{"dtype":"F32","shape":\[1\],"data_offsets":\[28,32\]\}\}/,
    );
    // F32 (rank above I32) before I32; with F16, I32 goes first.
    const asI32 = parseSafetensorsHeader(serializeSafetensors(tensors), "mem");
    expect([...asI32.tensors.keys()]).toEqual(["10", "2", "b", "c", "0", "a"]);
    const asF16 = parseSafetensorsHeader(serializeSafetensors(tensors, { dtype: "F16" }), "mem");
    expect([...asF16.tensors.keys()]).toEqual(["0", "a", "10", "2", "b", "c"]);
  });

  it("sorts names by their UTF-8 bytes, as Rust orders strings", () => {
    // UTF-16 puts the emoji (a surrogate pair, 0xD83D…) before U+FFFD; UTF-8 (F0… vs EF…) puts it after.
    const header = parseSafetensorsHeader(
      serializeSafetensors({
        "\u{1F600}": floats([1], [1]),
        "\uFFFD": floats([1], [2]),
        z: floats([1], [3]),
      }),
      "mem",
    );
    expect([...header.tensors.keys()]).toEqual(["z", "\uFFFD", "\u{1F600}"]);
  });

  it("pads the header with spaces to a multiple of 8 so every tensor starts aligned to its element size", () => {
    for (const name of ["x", "xy", "xyz", "xyzw", "xyzwv", "abcdefg", "abcdefgh"]) {
      const bytes = serializeSafetensors(
        { [name]: floats([3], [1, 2, 3]), [`${name}.ids`]: ints([1], [9]), h: floats([1], [1]) },
        { intDtype: "I64", dtype: "F16" },
      );
      const header = parseSafetensorsHeader(bytes, "mem");
      expect(header.headerLength % 8).toBe(0);
      expect(headerText(bytes)).toMatch(/\} *$/);
      const size = { I64: 8, F16: 2 } as Record<string, number>;
      for (const info of header.tensors.values()) {
        expect((header.dataStart + info.dataOffsets[0]) % size[info.dtype]).toBe(0);
      }
    }
  });
});

describe("tfjs tensors", () => {
  it("serializes tf.Tensors (float32, int32, bool) like host tensors", () => {
    const w = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const ids = tf.tensor1d([5, -6], "int32");
    const mask = tf.tensor1d([true, false, true], "bool");
    const parsed = parseSafetensors(serializeSafetensors({ w, ids, mask }), "mem");
    expect(parsed.tensors.get("w")).toEqual(floats([2, 2], [1, 2, 3, 4]));
    expect(parsed.tensors.get("ids")).toEqual(ints([2], [5, -6]));
    expect(parsed.tensors.get("mask")).toEqual(ints([3], [1, 0, 1]));
    tf.dispose([w, ids, mask]);
  });

  it("converts host ↔ tf tensors in order, copying, without leaking tensors", () => {
    const before = tf.memory().numTensors;
    const host = new Map([
      ["b", floats([2], [0.5, -1])],
      ["a", ints([1, 2], [3, 4])],
    ]);
    const tensors = toTfTensors(host);
    expect([...tensors.keys()]).toEqual(["b", "a"]);
    host.get("b")!.data[0] = 99;
    expect(tensors.get("b")!.dtype).toBe("float32");
    expect([...tensors.get("b")!.dataSync()]).toEqual([0.5, -1]);
    expect(tensors.get("a")!.dtype).toBe("int32");
    expect(tensors.get("a")!.shape).toEqual([1, 2]);
    const back = fromTfTensors(tensors);
    expect(back).toEqual({ b: floats([2], [0.5, -1]), a: ints([1, 2], [3, 4]) });
    tf.dispose([...tensors.values()]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("refuses a tfjs dtype it cannot store, naming the tensor", () => {
    const complex = tf.complex([1], [2]);
    expect(() => fromTfTensors({ z: complex })).toThrow(/tensor "z" has tfjs dtype complex64/);
    complex.dispose();
  });
});

describe("serialize refuses bad input, naming the tensor", () => {
  it.each([
    [
      "a shape that does not match the data",
      { w: floats([2, 2], [1, 2, 3]) },
      /tensor "w": shape \[2, 2\] needs 4 values, got 3/,
    ],
    [
      "a negative dimension",
      { w: { dtype: "float32", shape: [-1], data: new Float32Array(0) } as HostTensor },
      /tensor "w": shape \[-1\]/,
    ],
    [
      "a dtype that does not match its data",
      { w: { dtype: "int32", shape: [1], data: new Float32Array(1) } as HostTensor },
      /tensor "w": dtype int32 does not match its data \(Float32Array\)/,
    ],
    [
      "the reserved name",
      { __metadata__: floats([1], [1]) },
      /tensor "__metadata__": the name __metadata__ is reserved/,
    ],
  ])("%s", (_, tensors, message) => {
    expect(() => serializeSafetensors(tensors)).toThrow(message);
  });

  it("non-string metadata", () => {
    const metadata = { step: 3 } as unknown as Record<string, string>;
    expect(() => serializeSafetensors({}, { metadata })).toThrow(/metadata "step": values must be strings/);
  });
});
