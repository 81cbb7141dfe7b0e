import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as fsPromises from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { readSafetensorsFile, serializeSafetensors, writeSafetensorsFile } from "../src/index.js";

// `open` is wrapped so one test can hand out a file handle whose write fails half way.
vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  return { ...actual, open: vi.fn(actual.open) };
});

const weights = { w: { dtype: "float32" as const, shape: [2, 2], data: Float32Array.from([1, 2, 3, 4]) } };
const createdDirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "safetensors-atomic-"));
  createdDirs.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.mocked(fsPromises.open).mockClear();
});

describe("writeSafetensorsFile", () => {
  it("writes the serialized bytes and leaves nothing else in the folder", async () => {
    const dir = freshDir();
    const path = join(dir, "model.safetensors");
    await writeSafetensorsFile(path, weights, { metadata: { format: "pt", step: "3" } });
    expect(readdirSync(dir)).toEqual(["model.safetensors"]);
    expect(new Uint8Array(readFileSync(path))).toEqual(
      serializeSafetensors(weights, { metadata: { format: "pt", step: "3" } }),
    );
    const back = await readSafetensorsFile(path);
    expect(back.metadata).toEqual({ format: "pt", step: "3" });
    expect(back.tensors.get("w")).toEqual(weights.w);
  });

  it("replaces an existing file whole", async () => {
    const dir = freshDir();
    const path = join(dir, "model.safetensors");
    writeFileSync(path, "old contents");
    await writeSafetensorsFile(path, weights);
    expect((await readSafetensorsFile(path)).tensors.get("w")).toEqual(weights.w);
    expect(readdirSync(dir)).toEqual(["model.safetensors"]);
  });

  it("fails naming the path when the rename cannot happen, and leaves no temporary file", async () => {
    const dir = freshDir();
    const path = join(dir, "model.safetensors");
    mkdirSync(path);
    await expect(writeSafetensorsFile(path, weights)).rejects.toThrow(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: could not write the file \\(`),
    );
    expect(readdirSync(dir)).toEqual(["model.safetensors"]);
    expect(statSync(path).isDirectory()).toBe(true);
  });

  it("never leaves a half file under the final name when a write fails part way", async () => {
    const dir = freshDir();
    const path = join(dir, "model.safetensors");
    writeFileSync(path, "the previous good file");
    const actualOpen = (await vi.importActual<typeof import("node:fs/promises")>("node:fs/promises")).open;
    vi.mocked(fsPromises.open).mockImplementationOnce(async (file, flags) => {
      const handle = await actualOpen(file, flags);
      // Half the bytes land in the temporary file, then the disk "fills up".
      handle.writev = async (buffers) => {
        const bytes = Buffer.concat(buffers as readonly Uint8Array[]);
        await handle.write(bytes.subarray(0, bytes.length >> 1));
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      };
      return handle;
    });
    await expect(writeSafetensorsFile(path, weights)).rejects.toThrow(
      /model\.safetensors: could not write the file \(ENOSPC/,
    );
    expect(vi.mocked(fsPromises.open)).toHaveBeenCalledTimes(1);
    expect(readdirSync(dir)).toEqual(["model.safetensors"]);
    expect(readFileSync(path, "utf8")).toBe("the previous good file");
  });

  it("fails before touching the disk when the tensors cannot be serialized", async () => {
    const dir = freshDir();
    const path = join(dir, "model.safetensors");
    const bad = { w: { dtype: "float32" as const, shape: [3], data: new Float32Array(2) } };
    await expect(writeSafetensorsFile(path, bad)).rejects.toThrow(
      /tensor "w": shape \[3\] needs 3 values, got 2/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
