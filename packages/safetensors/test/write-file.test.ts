import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as fsPromises from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import type { HostTensor } from "@tfjs-trainer/data";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import {
  parseSafetensors,
  readSafetensorsFile,
  type SerializeOptions,
  serializeSafetensors,
  writeSafetensorsFile,
} from "../src/index.js";
import { floats, ints } from "./host-tensors.js";

// `open` is wrapped so some tests can hand out a file handle whose writes are cut short or fail.
vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  return { ...actual, open: vi.fn(actual.open) };
});

const ramp = (length: number, scale = 0.37) => {
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) values[i] = (i - length / 2) * scale;
  return values;
};

const createdDirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "safetensors-write-"));
  createdDirs.push(dir);
  return dir;
};
const fileBytes = (path: string) => new Uint8Array(readFileSync(path));

/** Byte equality that stays fast on files of megabytes (a deep `toEqual` walks every element as a property). */
function expectBytesEqual(actual: Uint8Array, expected: Uint8Array, label = "bytes"): void {
  if (Buffer.from(actual.buffer, actual.byteOffset, actual.length).equals(expected)) return;
  const length = Math.min(actual.length, expected.length);
  let first = 0;
  while (first < length && actual[first] === expected[first]) first++;
  expect.fail(
    `${label}: ${actual.length} bytes against ${expected.length} expected, first difference at byte ${first}`,
  );
}

afterAll(() => {
  for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.mocked(fsPromises.open).mockClear();
});

/** Writes with `writeSafetensorsFile` and expects exactly the bytes `serializeSafetensors` gives. */
async function expectSameBytes(
  tensors: Map<string, HostTensor | tf.Tensor> | Record<string, HostTensor | tf.Tensor>,
  options?: SerializeOptions,
): Promise<Uint8Array> {
  const path = join(freshDir(), "model.safetensors");
  await writeSafetensorsFile(path, tensors, options);
  const written = fileBytes(path);
  expectBytesEqual(written, serializeSafetensors(tensors, options));
  return written;
}

/** Host and tfjs tensors of every storable kind, with names whose byte order differs from numeric order. */
function mixedTensors(): Map<string, HostTensor | tf.Tensor> {
  return new Map<string, HostTensor | tf.Tensor>([
    ["9", floats([2, 3], ramp(6))],
    ["10", floats([3], [1.5, -2.25, 1e-8])],
    ["2", ints([4], [-2147483648, -1, 0, 2147483647])],
    [
      "b",
      tf.tensor(
        [
          [0.1, 0.2],
          [0.3, 0.4],
        ],
        [2, 2],
        "float32",
      ),
    ],
    ["a", tf.tensor([5, -6, 7], [3], "int32")],
    ["mask", tf.tensor([1, 0, 1, 1], [2, 2], "bool")],
    ["scalar", floats([], [3.5])],
    ["tf scalar", tf.scalar(-7, "int32")],
    ["empty", floats([0], [])],
    ["empty 2d", ints([2, 0, 3], [])],
    ["tf empty", tf.zeros([0, 4])],
    ["é", floats([1], [42])],
    ["z", floats([1], [43])],
    ["__proto__", ints([1], [1])],
  ]);
}

describe("writeSafetensorsFile writes what serializeSafetensors returns", () => {
  const metadatas = [undefined, null, { format: "pt", step: "3", "10": "x", "9": "y" }];
  const dtypes = [undefined, "F32", "F16", "BF16"] as const;
  const intDtypes = [undefined, "I32", "I64"] as const;

  for (const metadata of metadatas) {
    for (const dtype of dtypes) {
      for (const intDtype of intDtypes) {
        it(`metadata ${JSON.stringify(metadata)}, dtype ${dtype}, intDtype ${intDtype}`, async () => {
          const tensors = mixedTensors();
          try {
            await expectSameBytes(tensors, { metadata, dtype, intDtype });
          } finally {
            tf.dispose([...tensors.values()].filter((t): t is tf.Tensor => t instanceof tf.Tensor));
          }
        });
      }
    }
  }

  it("orders integer-like names by bytes, as a Record would not", async () => {
    const tensors = {
      "9": floats([1], [9]),
      "10": floats([1], [10]),
      "1": floats([1], [1]),
      a: floats([1], [0]),
    };
    const parsed = parseSafetensors(await expectSameBytes(tensors), "written");
    expect([...parsed.tensors.keys()]).toEqual(["1", "10", "9", "a"]);
  });

  it("writes a file with no tensors at all", async () => {
    await expectSameBytes({});
    await expectSameBytes({}, { metadata: null });
  });

  it("writes tensors larger than one batch, between small ones, and leaves the tensors as they were", async () => {
    const large = tf.tensor1d(ramp(5_000_000, 1e-3));
    const before = large.dataSync().slice();
    const tensors = {
      "bias.0": floats([3], [1, 2, 3]),
      "large.weight": large,
      "large.copy": floats([5_000_000], ramp(5_000_000, 1e-3)),
      "norm.1": ints([2], [4, 5]),
    };
    try {
      await expectSameBytes(tensors);
      const after = large.dataSync();
      expectBytesEqual(
        new Uint8Array(after.buffer, after.byteOffset, after.byteLength),
        new Uint8Array(before.buffer),
      );
    } finally {
      large.dispose();
    }
  });

  it("re-writes every HF reference file byte for byte", async () => {
    const modelsDir = fileURLToPath(new URL("../../../fixtures/hf-reference/models/", import.meta.url));
    for (const name of readdirSync(modelsDir).sort()) {
      const original = fileBytes(`${modelsDir}${name}/model.safetensors`);
      const { metadata, tensors } = parseSafetensors(original, name);
      const path = join(freshDir(), "model.safetensors");
      await writeSafetensorsFile(path, tensors, { metadata: metadata ?? null });
      expectBytesEqual(fileBytes(path), original, name);
    }
  });
});

describe("writeSafetensorsFile on the file system", () => {
  const weights = { w: floats([2, 2], [1, 2, 3, 4]), b: floats([2], [5, 6]) };
  const actualOpen = async () =>
    (await vi.importActual<typeof import("node:fs/promises")>("node:fs/promises")).open;

  it("finishes the file when the system writes fewer bytes than it was given", async () => {
    const open = await actualOpen();
    let writes = 0;
    vi.mocked(fsPromises.open).mockImplementationOnce(async (file, flags) => {
      const handle = await open(file, flags);
      // Never more than 5 bytes per call, so writes end inside the header and inside tensors.
      handle.writev = async (buffers) => {
        writes++;
        const { bytesWritten } = await handle.write(
          Buffer.concat(buffers as readonly Uint8Array[]).subarray(0, 5),
        );
        return { bytesWritten, buffers };
      };
      return handle;
    });
    const written = await expectSameBytes(weights);
    expect(writes).toBe(Math.ceil(written.length / 5));
  });

  it("fails naming the path when its folder does not exist, and creates nothing", async () => {
    const dir = freshDir();
    const path = join(dir, "missing", "model.safetensors");
    await expect(writeSafetensorsFile(path, weights)).rejects.toThrow(
      `${path}: could not write the file (ENOENT`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it("leaves the previous file when a later write fails, after earlier bytes were written", async () => {
    const dir = freshDir();
    const path = join(dir, "model.safetensors");
    writeFileSync(path, "the previous good file");
    const open = await actualOpen();
    let writes = 0;
    vi.mocked(fsPromises.open).mockImplementationOnce(async (file, flags) => {
      const handle = await open(file, flags);
      const writev = handle.writev.bind(handle);
      handle.writev = async (buffers) => {
        writes++;
        if (writes === 1) return writev(buffers);
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      };
      return handle;
    });
    // 20 MB: more than one batch, so the first write succeeds and the second fails.
    const large: HostTensor = {
      dtype: "float32",
      shape: [5_000_000],
      data: new Float32Array(5_000_000).fill(0.5),
    };
    const tensors = { large, small: floats([1], [1]) };
    await expect(writeSafetensorsFile(path, tensors)).rejects.toThrow(
      /model\.safetensors: could not write the file \(ENOSPC/,
    );
    expect(writes).toBe(2);
    expect(readdirSync(dir)).toEqual(["model.safetensors"]);
    expect(readFileSync(path, "utf8")).toBe("the previous good file");
  });

  it("fails before touching the disk when a tfjs tensor is disposed", async () => {
    const dir = freshDir();
    const path = join(dir, "model.safetensors");
    const disposed = tf.tensor([1, 2]);
    disposed.dispose();
    await expect(writeSafetensorsFile(path, { ...weights, gone: disposed })).rejects.toThrow(
      /tensor "gone": it is disposed/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it("reads back what it wrote", async () => {
    const dir = freshDir();
    mkdirSync(join(dir, "sub"));
    const path = join(dir, "sub", "model.safetensors");
    await writeSafetensorsFile(path, weights);
    const back = await readSafetensorsFile(path);
    expect(back.tensors.get("w")).toEqual(weights.w);
    expect(back.tensors.get("b")).toEqual(weights.b);
  });
});
