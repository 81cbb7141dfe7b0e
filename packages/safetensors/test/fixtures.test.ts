import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  parseSafetensors,
  readSafetensorsFile,
  readSafetensorsHeader,
  serializeSafetensors,
} from "../src/index.js";

const modelsDir = fileURLToPath(new URL("../../../fixtures/hf-reference/models/", import.meta.url));
const runsDir = fileURLToPath(new URL("../../../fixtures/hf-reference/runs/", import.meta.url));
const modelNames = readdirSync(modelsDir).sort();
const fixtureFiles = [
  ...modelNames.map((name) => `${modelsDir}${name}/model.safetensors`),
  ...readdirSync(runsDir)
    .sort()
    .map((run) => `${runsDir}${run}/final/model.safetensors`),
];

interface RawEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** A decoding that shares no code with the package: Node's Buffer readers over the raw file. */
function independentDecode(path: string) {
  const file = readFileSync(path);
  const headerLength = Number(file.readBigUInt64LE(0));
  const header = JSON.parse(file.subarray(8, 8 + headerLength).toString("utf8")) as Record<string, unknown>;
  const { __metadata__: metadata, ...entries } = header;
  const floatAt = (entry: RawEntry, index: number) =>
    file.readFloatLE(8 + headerLength + entry.data_offsets[0] + 4 * index);
  return { file, headerLength, metadata, entries: entries as Record<string, RawEntry>, floatAt };
}

describe("the HF reference model files", () => {
  it("are all found (8 models and the final weights of 4 runs)", () => {
    expect(modelNames).toEqual([
      "bart",
      "bert-mc",
      "bert-mlm",
      "bert-qa",
      "bert-seqcls",
      "bert-tokcls",
      "gpt2",
      "t5",
    ]);
    expect(fixtureFiles).toHaveLength(12);
  });

  it.each(fixtureFiles)(
    "%s parses with every name, shape and value of an independent decoding",
    async (path) => {
      const reference = independentDecode(path);
      const parsed = await readSafetensorsFile(path);
      expect(parsed.metadata).toEqual({ format: "pt" });
      expect([...parsed.tensors.keys()].sort()).toEqual(Object.keys(reference.entries).sort());
      for (const [name, entry] of Object.entries(reference.entries)) {
        expect(entry.dtype).toBe("F32");
        const tensor = parsed.tensors.get(name)!;
        expect(tensor.dtype, name).toBe("float32");
        expect(tensor.shape, name).toEqual(entry.shape);
        expect(tensor.data).toBeInstanceOf(Float32Array);
        const count = entry.shape.reduce((a, b) => a * b, 1);
        expect(tensor.data.length, name).toBe(count);
        for (const index of new Set([0, Math.floor(count / 2), count - 1])) {
          expect(tensor.data[index], `${name}[${index}]`).toBe(reference.floatAt(entry, index));
        }
      }
    },
  );

  it("hold the shapes the tiny configs imply (vocabulary 64, hidden 32, task heads)", async () => {
    const shapeOf = async (model: string, name: string) =>
      (await readSafetensorsFile(`${modelsDir}${model}/model.safetensors`)).tensors.get(name)?.shape;
    expect(await shapeOf("bert-seqcls", "bert.embeddings.word_embeddings.weight")).toEqual([64, 32]);
    expect(await shapeOf("bert-seqcls", "classifier.weight")).toEqual([3, 32]);
    expect(await shapeOf("bert-tokcls", "classifier.weight")).toEqual([5, 32]);
    expect(await shapeOf("bert-qa", "qa_outputs.weight")).toEqual([2, 32]);
    expect(await shapeOf("bert-mc", "classifier.weight")).toEqual([1, 32]);
    expect(await shapeOf("gpt2", "transformer.wte.weight")).toEqual([64, 32]);
    expect(await shapeOf("bart", "final_logits_bias")).toEqual([1, 64]);
    expect(await shapeOf("t5", "shared.weight")).toEqual([64, 32]);
    // Tied output embeddings are stored once, as HF saves them.
    expect(await shapeOf("gpt2", "lm_head.weight")).toBeUndefined();
  });

  it("compares every float of one tensor with the independent decoding", async () => {
    const path = `${modelsDir}bert-seqcls/model.safetensors`;
    const reference = independentDecode(path);
    const name = "bert.embeddings.word_embeddings.weight";
    const entry = reference.entries[name];
    const tensor = (await readSafetensorsFile(path)).tensors.get(name)!;
    const expected = Float32Array.from({ length: 64 * 32 }, (_, index) => reference.floatAt(entry, index));
    expect(tensor.data).toEqual(expected);
    // Not degenerate: the test would pass vacuously on zeros.
    expect(new Set(expected).size).toBeGreaterThan(1000);
  });

  it.each(fixtureFiles)("%s: the header alone gives the same names, shapes and offsets", async (path) => {
    const reference = independentDecode(path);
    const header = await readSafetensorsHeader(path);
    expect(header.headerLength).toBe(reference.headerLength);
    expect(header.dataStart).toBe(8 + reference.headerLength);
    expect(header.metadata).toEqual(reference.metadata);
    for (const [name, entry] of Object.entries(reference.entries)) {
      expect(header.tensors.get(name)).toEqual({
        dtype: entry.dtype,
        shape: entry.shape,
        dataOffsets: entry.data_offsets,
      });
    }
    // Tensors come back in data-buffer order.
    const begins = [...header.tensors.values()].map((info) => info.dataOffsets[0]);
    expect(begins).toEqual([...begins].sort((a, b) => a - b));
  });

  it.each(fixtureFiles)(
    "%s is laid out as the Python library writes it: re-serializing gives the same bytes",
    async (path) => {
      const original = new Uint8Array(readFileSync(path));
      const parsed = parseSafetensors(original, path);
      // All F32: the writer's order is then plain name order, and the header is compact JSON padded with spaces.
      const names = [...parsed.tensors.keys()];
      expect(names).toEqual([...names].sort());
      const headerLength = Number(Buffer.from(original).readBigUInt64LE(0));
      expect(headerLength % 8).toBe(0);
      const rewritten = serializeSafetensors(Object.fromEntries(parsed.tensors), {
        metadata: parsed.metadata,
      });
      expect(rewritten.length).toBe(original.length);
      expect(Buffer.compare(Buffer.from(rewritten), Buffer.from(original))).toBe(0);
    },
  );
});
