import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultDataCollator, type Feature, toNested } from "@tfjs-trainer/data";
import { describe, expect, it } from "vitest";
import { DataLoader, IterableBatchSource } from "../../src/data/data-loader.js";
import { InMemoryDataset, loadJsonl } from "../../src/data/dataset.js";
import { removeUnusedColumns } from "../../src/data/remove-columns.js";
import { LengthGroupedSampler, RandomSampler, SequentialSampler } from "../../src/data/samplers.js";

const rows = (n: number): Feature[] => Array.from({ length: n }, (_, i) => ({ x: [i], label: i % 2 }));

describe("samplers", () => {
  it("RandomSampler: a permutation that depends on seed and epoch only", () => {
    const a = new RandomSampler(50, 42);
    const order = Array.from(a.order(0));
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(new RandomSampler(50, 42).order(0))).toEqual(order);
    expect(Array.from(a.order(1))).not.toEqual(order);
    expect(Array.from(new RandomSampler(50, 43).order(0))).not.toEqual(order);
  });

  it("SequentialSampler keeps the dataset order", () => {
    expect(Array.from(new SequentialSampler(4).order())).toEqual([0, 1, 2, 3]);
  });

  it("LengthGroupedSampler: longest first, megabatches sorted by length, a permutation", () => {
    const lengths = Array.from({ length: 40 }, (_, i) => (i * 7) % 23);
    const order = Array.from(new LengthGroupedSampler(lengths, 2, 1, 5).order(0));
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(lengths[order[0]]).toBe(Math.max(...lengths));
    for (let mb = 0; mb < 40; mb += 10) {
      const slice = order.slice(mb, mb + 10).map((i) => lengths[i]);
      // after the first element (which may have been swapped in), each megabatch is sorted longest first
      expect(slice.slice(1)).toEqual([...slice.slice(1)].sort((x, y) => y - x));
    }
  });
});

describe("DataLoader", () => {
  it("batches by index, with drop_last, and the same batch on a second visit (resume skips in O(1))", async () => {
    const data = new InMemoryDataset(rows(10));
    const loader = new DataLoader(data, {
      batchSize: 4,
      dropLast: false,
      collate: defaultDataCollator,
      sampler: new RandomSampler(10, 1),
    });
    expect(loader.length).toBe(3);
    const last = await loader.batch(0, 2);
    expect(last?.labels.shape).toEqual([2]);
    const again = new DataLoader(data, {
      batchSize: 4,
      dropLast: false,
      collate: defaultDataCollator,
      sampler: new RandomSampler(10, 1),
    });
    expect(toNested((await again.batch(0, 1))!.x)).toEqual(toNested((await loader.batch(0, 1))!.x));
    expect(await loader.batch(0, 3)).toBeUndefined();
    const dropping = new DataLoader(data, { batchSize: 4, dropLast: true, collate: defaultDataCollator });
    expect(dropping.length).toBe(2);
  });

  it("an iterable dataset is read in order, skipping costs iteration, and each epoch starts over", async () => {
    let reads = 0;
    const iterable = {
      async *[Symbol.asyncIterator]() {
        for (const row of rows(7)) {
          reads++;
          yield row;
        }
      },
    };
    const source = new IterableBatchSource(iterable, {
      batchSize: 3,
      dropLast: false,
      collate: defaultDataCollator,
    });
    expect(source.length).toBeUndefined();
    expect(toNested((await source.batch(0, 1))!.x)).toEqual([[3], [4], [5]]);
    expect(reads).toBe(6);
    expect(toNested((await source.batch(0, 2))!.x)).toEqual([[6]]);
    expect(await source.batch(0, 3)).toBeUndefined();
    expect(toNested((await source.batch(1, 0))!.x)).toEqual([[0], [1], [2]]);
  });
});

describe("datasets and columns", () => {
  it("loadJsonl reads rows and names the line of a bad one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jsonl-"));
    const good = join(dir, "good.jsonl");
    writeFileSync(good, '{"a": 1}\n\n{"a": 2}\n');
    const ds = await loadJsonl(good);
    expect(ds.length).toBe(2);
    expect(ds.get(1)).toEqual({ a: 2 });
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, '{"a": 1}\n{"a": \n');
    await expect(loadJsonl(bad)).rejects.toThrow(`${bad}:2: invalid JSON`);
  });

  it("remove_unused_columns keeps the model's inputs and labels, and fails naming the columns when none is left", () => {
    const collate = removeUnusedColumns(defaultDataCollator, ["input_ids"], ["labels"], "train dataset");
    const batch = collate([{ input_ids: [1, 2], text: "hello", label: 1 }]);
    expect(Object.keys(batch).sort()).toEqual(["input_ids", "labels"]);
    expect(() => collate([{ text: "x", idx: 3 }])).toThrow(
      /train dataset: no column the model accepts.*text, idx/,
    );
  });
});
