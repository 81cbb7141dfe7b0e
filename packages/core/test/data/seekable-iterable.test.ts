import { defaultDataCollator, type Feature, type HostBatch, toNested } from "@tfjs-trainer/data";
import { describe, expect, it } from "vitest";
import { IterableBatchSource } from "../../src/data/data-loader.js";
import type { IterableDataset } from "../../src/data/dataset.js";

const row = (i: number): Feature => ({ x: [i, i * 10], label: i % 3 });

/** Rows generated from their number; counts what each way of reading hands out, to see what a resume reads. */
class CountingStream {
  plainRowsRead = 0;
  seekRowsRead = 0;
  seeks: number[] = [];

  constructor(readonly length: number) {}

  /** The stream as a dataset without `iterateFrom`: a resume has to read up to its batch. */
  plain(): IterableDataset {
    return { [Symbol.asyncIterator]: () => this.rowsFrom(0, "plain") };
  }

  /** The same stream, able to start at any row. */
  seekable(): IterableDataset {
    return {
      [Symbol.asyncIterator]: () => this.rowsFrom(0, "plain"),
      iterateFrom: (start: number) => {
        this.seeks.push(start);
        return this.rowsFrom(start, "seek");
      },
    };
  }

  private async *rowsFrom(start: number, via: "plain" | "seek"): AsyncGenerator<Feature> {
    for (let i = start; i < this.length; i++) {
      if (via === "plain") this.plainRowsRead++;
      else this.seekRowsRead++;
      yield row(i);
    }
  }
}

function source(dataset: IterableDataset, batchSize: number, dropLast: boolean): IterableBatchSource {
  return new IterableBatchSource(dataset, {
    batchSize,
    dropLast,
    collate: defaultDataCollator,
    name: "train",
  });
}

/** A batch as plain numbers (or undefined past the end), to compare batches by value. */
function valuesOf(batch: HostBatch | undefined): unknown {
  return batch === undefined ? undefined : { x: toNested(batch.x), labels: toNested(batch.labels) };
}

/** The batch's `x` rows (each row's x is [i, 10 i]). */
function xRows(batch: HostBatch | undefined): number[][] {
  if (!batch) throw new Error("expected a batch");
  return toNested(batch.x) as number[][];
}

/** What a resume at batch `k` asks for: the rest of that epoch, one past its end, then the next epoch from 0. */
function resumeOrder(k: number, batchesPerEpoch: number): [number, number][] {
  const rest = Array.from({ length: batchesPerEpoch - k + 1 }, (_, i): [number, number] => [0, k + i]);
  const next = Array.from({ length: batchesPerEpoch + 1 }, (_, i): [number, number] => [1, i]);
  return [...rest, ...next];
}

async function batchesInResumeOrder(
  dataset: IterableDataset,
  options: { batchSize: number; dropLast: boolean; resumeAt: number; batchesPerEpoch: number },
): Promise<unknown[]> {
  const loader = source(dataset, options.batchSize, options.dropLast);
  const out: unknown[] = [];
  for (const [epoch, index] of resumeOrder(options.resumeAt, options.batchesPerEpoch)) {
    out.push(valuesOf(await loader.batch(epoch, index)));
  }
  return out;
}

describe("IterableBatchSource with a seekable stream (iterateFrom)", () => {
  it("gives the same batches as the plain stream for every (epoch, index) of a resume, at every k", async () => {
    const rows = 23; // batch 4: five full batches and a short one of 3
    for (const dropLast of [false, true]) {
      const batchesPerEpoch = dropLast ? 5 : 6;
      for (let k = 0; k <= batchesPerEpoch; k++) {
        const options = { batchSize: 4, dropLast, resumeAt: k, batchesPerEpoch };
        const plain = await batchesInResumeOrder(new CountingStream(rows).plain(), options);
        const seekable = await batchesInResumeOrder(new CountingStream(rows).seekable(), options);
        expect(seekable, `dropLast ${dropLast}, resume at ${k}`).toEqual(plain);
      }
    }
    // and the batches are the rows themselves: resuming at 2 starts at row 8
    const [first] = await batchesInResumeOrder(new CountingStream(rows).seekable(), {
      batchSize: 4,
      dropLast: false,
      resumeAt: 2,
      batchesPerEpoch: 6,
    });
    expect(first).toEqual({
      x: [
        [8, 80],
        [9, 90],
        [10, 100],
        [11, 110],
      ],
      labels: [2, 0, 1, 2],
    });
  });

  it("a resume at batch k reads no row before k × batch size; a new epoch starts from the plain iterator", async () => {
    const stream = new CountingStream(1000);
    const loader = source(stream.seekable(), 10, false);
    expect(valuesOf(await loader.batch(0, 90))).toMatchObject({ x: expect.arrayContaining([[900, 9000]]) });
    expect(stream.seeks).toEqual([900]);
    expect(stream.plainRowsRead).toBe(0);
    expect(stream.seekRowsRead).toBe(10);

    // continuing reads on from the same iterator
    expect(toNested((await loader.batch(0, 91))!.x)).toEqual(
      Array.from({ length: 10 }, (_, i) => row(910 + i).x),
    );
    expect(stream.seeks).toEqual([900]);
    expect(stream.seekRowsRead).toBe(20);

    // a new epoch starts at row 0 with the plain iterator, not a seek to 0
    expect(xRows(await loader.batch(1, 0))[0]).toEqual([0, 0]);
    expect(stream.seeks).toEqual([900]);
    expect(stream.plainRowsRead).toBe(10);
  });

  it("without iterateFrom the same resume reads every earlier row (what the capability saves)", async () => {
    const stream = new CountingStream(1000);
    const loader = source(stream.plain(), 10, false);
    expect(xRows(await loader.batch(0, 90))[0]).toEqual([900, 9000]);
    expect(stream.plainRowsRead).toBe(910);
  });

  it("the final short batch is kept, or dropped with dropLast, after a seek past the rows before it", async () => {
    const kept = new CountingStream(23);
    expect(toNested((await source(kept.seekable(), 4, false).batch(0, 5))!.x)).toEqual([
      [20, 200],
      [21, 210],
      [22, 220],
    ]);
    expect(kept.seeks).toEqual([20]);
    expect(kept.plainRowsRead).toBe(0);

    const dropped = new CountingStream(23);
    const dropping = source(dropped.seekable(), 4, true);
    expect(await dropping.batch(0, 5)).toBeUndefined();
    expect(dropped.seeks).toEqual([20]);
    expect(dropped.plainRowsRead).toBe(0);
    // the stream is done: asking again reads nothing more
    expect(await dropping.batch(0, 6)).toBeUndefined();
    expect(dropped.seekRowsRead).toBe(3);
  });

  it("a seek at or past the end gives no batch, as the plain stream does", async () => {
    for (const k of [6, 7, 50]) {
      const seekable = new CountingStream(23);
      expect(await source(seekable.seekable(), 4, false).batch(0, k)).toBeUndefined();
      expect(seekable.plainRowsRead).toBe(0);
      expect(await source(new CountingStream(23).plain(), 4, false).batch(0, k)).toBeUndefined();
    }
  });

  it("a bad row after a seek is named by its row number in the dataset, not in the seeked stream", async () => {
    const bad: IterableDataset = {
      async *[Symbol.asyncIterator]() {
        for (let i = 0; i < 20; i++) yield i === 13 ? { x: "oops", label: 0 } : row(i);
      },
      iterateFrom(start: number) {
        return (async function* () {
          for (let i = start; i < 20; i++) yield i === 13 ? { x: "oops", label: 0 } : row(i);
        })();
      },
    };
    const plainBad: IterableDataset = { [Symbol.asyncIterator]: () => bad[Symbol.asyncIterator]() };
    await expect(source(bad, 4, false).batch(0, 3)).rejects.toThrow(/^train row 13: "x"/);
    await expect(source(plainBad, 4, false).batch(0, 3)).rejects.toThrow(/^train row 13: "x"/);
  });
});
