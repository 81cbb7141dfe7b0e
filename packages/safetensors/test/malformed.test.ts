import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  parseSafetensors,
  readSafetensorsFile,
  readSafetensorsHeader,
  SafetensorsError,
  serializeSafetensors,
} from "../src/index.js";

const SOURCE = "model.safetensors";

/** A file with the given header (object or raw text) and data buffer, built by hand; `declared` overrides the u64. */
function fileWith(header: unknown, data: Uint8Array | number = 0, declared?: number | bigint): Uint8Array {
  const json = typeof header === "string" ? header : JSON.stringify(header);
  const headerBytes = new TextEncoder().encode(json.padEnd(Math.ceil(json.length / 8) * 8, " "));
  const dataBytes = typeof data === "number" ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + headerBytes.length + dataBytes.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(declared ?? headerBytes.length), true);
  out.set(headerBytes, 8);
  out.set(dataBytes, 8 + headerBytes.length);
  return out;
}

function errorOf(run: () => unknown): SafetensorsError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SafetensorsError);
    return error as SafetensorsError;
  }
  throw new Error("expected an error");
}

const f32 = (shape: number[], begin: number, end: number) => ({
  dtype: "F32",
  shape,
  data_offsets: [begin, end],
});

describe("malformed files: the error names the file and, where one is to blame, the tensor", () => {
  it.each([
    [
      "a file shorter than the length prefix",
      new Uint8Array(5),
      /^model\.safetensors is 5 bytes long, too short/,
    ],
    [
      "a header length beyond the file",
      fileWith({}, 0, 4096),
      /^model\.safetensors declares a header of 4096 bytes but the file has only 8 .*\(truncated\?\)/,
    ],
    [
      "a header length beyond any sane size",
      fileWith({}, 0, 2n ** 60n),
      /^model\.safetensors declares a header of 1152921504606846976 bytes, more than the 100000000 allowed/,
    ],
    ["a header that is not UTF-8", fileWith("{}", 0), null],
    [
      "a header that is not JSON",
      fileWith('{"w": {"dtype": "F32",', 0),
      /^model\.safetensors has a header that is not valid JSON/,
    ],
    [
      "a header that is a JSON array",
      fileWith("[1, 2]", 0),
      /^model\.safetensors has a header that is not a JSON object/,
    ],
    [
      "metadata that is not strings",
      fileWith({ __metadata__: { step: 3 } }),
      /^model\.safetensors has __metadata__\["step"\] = 3, but metadata values must be strings/,
    ],
    [
      "bytes no tensor covers",
      fileWith({ w: f32([1], 0, 4) }, 12),
      /^model\.safetensors has 8 bytes after tensor "w" that no tensor covers/,
    ],
  ])("%s", (_, bytes, message) => {
    if (message === null) {
      // Patch a byte of the header into an invalid UTF-8 sequence.
      bytes.set([0xff], 9);
      message = /^model\.safetensors has a header that is not valid UTF-8/;
    }
    const error = errorOf(() => parseSafetensors(bytes, SOURCE));
    expect(error.message).toMatch(message);
    expect(error.source).toBe(SOURCE);
  });

  it.each([
    [
      "an unknown dtype",
      { w: { dtype: "F128", shape: [1], data_offsets: [0, 16] } },
      16,
      /has unknown dtype "F128" \(known: BOOL, U8/,
    ],
    ["an entry that is not an object", { w: [1, 2] }, 0, /has a header entry that is not an object/],
    [
      "a shape that is not a list of sizes",
      { w: { dtype: "F32", shape: [2, -1], data_offsets: [0, 0] } },
      0,
      /has shape \[2,-1\], which is not a list of non-negative integers/,
    ],
    ["a missing shape", { w: { dtype: "F32", data_offsets: [0, 4] } }, 4, /has shape undefined/],
    [
      "data_offsets that are not a pair",
      { w: { dtype: "F32", shape: [1], data_offsets: [0] } },
      4,
      /has data_offsets \[0\], which is not a pair/,
    ],
    [
      "data_offsets that end before they begin",
      { w: f32([0], 4, 0) },
      4,
      /has data_offsets \[4, 0\] that end before they begin/,
    ],
    [
      "a shape whose size does not match the offsets",
      { w: f32([2, 3], 0, 20) },
      20,
      /has shape \[2, 3\] of F32, which needs 24 bytes, but data_offsets \[0, 20\] span 20/,
    ],
    [
      "offsets overlapping another tensor",
      { a: f32([2], 0, 8), w: f32([2], 4, 12) },
      12,
      /has data_offsets \[4, 12\] that overlap tensor "a" \(which ends at 8\)/,
    ],
    [
      "a gap before the tensor",
      { a: f32([1], 0, 4), w: f32([1], 8, 12) },
      12,
      /has data_offsets \[8, 12\] that leave a gap of 4 bytes after tensor "a"/,
    ],
    [
      "a gap at the start",
      { w: f32([1], 4, 8) },
      8,
      /leave a gap of 4 bytes after the start of the data buffer/,
    ],
  ])("%s", (_, header, dataLength, message) => {
    const error = errorOf(() => parseSafetensors(fileWith(header, dataLength), SOURCE));
    expect(error.message).toMatch(/^model\.safetensors: tensor "w" /);
    expect(error.message).toMatch(message);
    expect(error.tensor).toBe("w");
  });

  it("a truncated file names the first tensor that runs past the end, with both byte ranges", () => {
    const whole = serializeSafetensors({
      "bert.embeddings.weight": { dtype: "float32", shape: [256], data: new Float32Array(256) },
      "bert.pooler.dense.weight": { dtype: "float32", shape: [32, 32], data: new Float32Array(1024) },
    });
    const cut = whole.subarray(0, whole.length - 100);
    const error = errorOf(() => parseSafetensors(cut, SOURCE));
    const dataStart = whole.length - 1280 * 4;
    expect(error.message).toBe(
      `model.safetensors: tensor "bert.pooler.dense.weight" needs bytes 1024..5120 of the data buffer ` +
        `(file bytes ${dataStart + 1024}..${dataStart + 5120}) but the file has ${cut.length} (truncated?)`,
    );
    expect(error.tensor).toBe("bert.pooler.dense.weight");
  });

  it("readSafetensorsHeader and readSafetensorsFile name the path, and the header alone catches truncation", async () => {
    const dir = mkdtempSync(join(tmpdir(), "safetensors-malformed-"));
    const path = join(dir, "model.safetensors");
    const whole = serializeSafetensors({ w: { dtype: "float32", shape: [8], data: new Float32Array(8) } });
    writeFileSync(path, whole.subarray(0, whole.length - 1));
    await expect(readSafetensorsHeader(path)).rejects.toThrow(
      `${path}: tensor "w" needs bytes 0..32 of the data buffer`,
    );
    await expect(readSafetensorsFile(path)).rejects.toThrow(`${path}: tensor "w" needs bytes 0..32`);
    writeFileSync(path, new Uint8Array(3));
    await expect(readSafetensorsHeader(path)).rejects.toThrow(`${path} is 3 bytes long`);
    writeFileSync(path, fileWith({}, 0, 64));
    await expect(readSafetensorsHeader(path)).rejects.toThrow(`${path} declares a header of 64 bytes`);
    rmSync(dir, { recursive: true, force: true });
  });

  it("an 8-bit float dtype is a valid header but cannot be loaded", () => {
    const bytes = fileWith({ w: { dtype: "F8_E4M3", shape: [2], data_offsets: [0, 2] } }, 2);
    const error = errorOf(() => parseSafetensors(bytes, SOURCE));
    expect(error.message).toBe(
      'model.safetensors: tensor "w" has dtype F8_E4M3, which this reader cannot convert to float32',
    );
  });
});

describe("integers tfjs cannot hold", () => {
  const int64File = (values: bigint[], dtype: "I64" | "U64" = "I64") => {
    const data = new Uint8Array(8 * values.length);
    const view = new DataView(data.buffer);
    for (const [index, value] of values.entries()) {
      if (dtype === "I64") view.setBigInt64(8 * index, value, true);
      else view.setBigUint64(8 * index, value, true);
    }
    return fileWith({ input_ids: { dtype, shape: [values.length], data_offsets: [0, data.length] } }, data);
  };

  it("I64 within int32 range loads, the boundaries included", () => {
    const values = [-(2n ** 31n), -1n, 0n, 2n ** 31n - 1n];
    const tensor = parseSafetensors(int64File(values), SOURCE).tensors.get("input_ids")!;
    expect(tensor.dtype).toBe("int32");
    expect([...tensor.data]).toEqual(values.map(Number));
  });

  it.each([
    [2n ** 31n, "2147483648"],
    [-(2n ** 31n) - 1n, "-2147483649"],
    [2n ** 40n, "1099511627776"],
    [-(2n ** 63n), "-9223372036854775808"],
  ])("I64 %s fails naming the tensor, the value and its index", (value, text) => {
    const error = errorOf(() => parseSafetensors(int64File([1n, value]), SOURCE));
    expect(error.message).toBe(
      `model.safetensors: tensor "input_ids" (I64) holds ${text} at flat index 1, outside the int32 range tfjs can hold`,
    );
    expect(error.tensor).toBe("input_ids");
  });

  it("U64 and U32 above 2^31 - 1 fail; below, they load", () => {
    expect([
      ...parseSafetensors(int64File([2n ** 31n - 1n], "U64"), SOURCE).tensors.get("input_ids")!.data,
    ]).toEqual([2147483647]);
    expect(() => parseSafetensors(int64File([2n ** 31n], "U64"), SOURCE)).toThrow(
      /tensor "input_ids" \(U64\) holds 2147483648 at flat index 0/,
    );
    expect(() => parseSafetensors(int64File([2n ** 32n], "U64"), SOURCE)).toThrow(/holds 4294967296/);
    const u32 = (value: number) => {
      const data = new Uint8Array(4);
      new DataView(data.buffer).setUint32(0, value, true);
      return fileWith({ n: { dtype: "U32", shape: [1], data_offsets: [0, 4] } }, data);
    };
    expect([...parseSafetensors(u32(7), SOURCE).tensors.get("n")!.data]).toEqual([7]);
    expect(() => parseSafetensors(u32(0x80000000), SOURCE)).toThrow(/tensor "n" \(U32\) holds 2147483648/);
  });
});
