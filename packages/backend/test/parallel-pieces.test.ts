import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { shardSizes, splitBatch } from "../src/parallel/host-batch.js";
import { defaultItemCount, lossShares } from "../src/parallel/loss-shares.js";
import { resolveModuleSpecifier } from "../src/parallel/model-source.js";
import { layoutParameters, requireSameLayout } from "../src/parallel/parameter-layout.js";
import { sumGradientSlots } from "../src/parallel/sum-gradients.js";
import { workerExecArgv } from "../src/parallel/worker-exec-argv.js";
import { writeWeights } from "../src/parallel/write-weights.js";
import { setupBackend } from "../src/setup-backend.js";

beforeAll(async () => {
  await setupBackend("cpu");
});

const ids = (rows: number, length: number) => ({
  dtype: "int32" as const,
  shape: [rows, length],
  data: Int32Array.from({ length: rows * length }, (_, i) => i),
});

describe("splitting a batch into shards", () => {
  it("gives contiguous, nearly equal shards whose concatenation is the batch", () => {
    expect(shardSizes(7, 2)).toEqual([4, 3]);
    expect(shardSizes(2, 3)).toEqual([1, 1, 0]);
    const batch = {
      input_ids: ids(5, 3),
      labels: { dtype: "int32" as const, shape: [5], data: Int32Array.from([0, 1, 2, 3, 4]) },
    };
    const shards = splitBatch(batch, 2);
    expect(shards.map((s) => s.input_ids.shape)).toEqual([
      [3, 3],
      [2, 3],
    ]);
    expect([...shards[0].input_ids.data, ...shards[1].input_ids.data]).toEqual([...batch.input_ids.data]);
    expect([...shards[1].labels.data]).toEqual([3, 4]);
    // a copy, not a view: a posted view would carry the whole batch's buffer
    expect(shards[1].input_ids.data.buffer.byteLength).toBe(2 * 3 * 4);
  });

  it("refuses columns that disagree on the number of examples", () => {
    const batch = {
      input_ids: ids(4, 3),
      labels: { dtype: "int32" as const, shape: [3], data: new Int32Array(3) },
    };
    expect(() => splitBatch(batch, 2)).toThrow(/input_ids \[4, 3\], labels \[3\]/);
  });
});

describe("each shard's share of the loss", () => {
  const token = (labels: number[]) => ({
    labels: { dtype: "int32" as const, shape: [1, labels.length], data: Int32Array.from(labels) },
  });

  it("weights mean losses by the items they average over (labels not -100), divided by the accumulation steps", () => {
    const shards = [token([1, -100, 2, -100]), token([1, 2, 3, 4])];
    expect(defaultItemCount(shards[0])).toBe(2);
    expect(lossShares(shards, { normalisedByItems: false, accumulationSteps: 2 })).toEqual([
      2 / 6 / 2,
      4 / 6 / 2,
    ]);
    expect(
      lossShares([{ input_ids: ids(3, 2) }, { input_ids: ids(1, 2) }], {
        normalisedByItems: false,
        accumulationSteps: 1,
      }),
    ).toEqual([0.75, 0.25]);
  });

  it("adds losses already normalised by num_items_in_batch as they are, and refuses a batch with no item", () => {
    expect(
      lossShares([token([-100]), token([1])], { normalisedByItems: true, accumulationSteps: 4 }),
    ).toEqual([1, 1]);
    expect(() => lossShares([token([-100])], { normalisedByItems: false, accumulationSteps: 1 })).toThrow(
      /no item/,
    );
  });
});

describe("the shared buffers", () => {
  const layout = layoutParameters([
    { name: "a", shape: [2, 2] },
    { name: "b", shape: [3] },
  ]);

  it("lays parameters out in order and tells apart models that differ", () => {
    expect(layout.slots.map((s) => [s.name, s.offset, s.size])).toEqual([
      ["a", 0, 4],
      ["b", 4, 3],
    ]);
    expect(layout.totalSize).toBe(7);
    const other = layoutParameters([{ name: "a", shape: [4] }]);
    expect(() => requireSameLayout(layout, other, 1)).toThrow(/worker 1 .* a \[4\], worker 0 has a \[2, 2\]/);
  });

  it("sums the computed slots in worker order into the first, in float32, and only the parameters some shard reached", () => {
    const slots = [
      new Float32Array(7).fill(100),
      new Float32Array(7).fill(1),
      new Float32Array(7).fill(2 ** -24),
    ];
    const sums = sumGradientSlots(layout, slots, [1, 2], [true, false]);
    expect([...sums.keys()]).toEqual(["a"]);
    // 1 + 2^-24 rounds back to 1 in float32 (it would not in float64): the same rounding as tf.add
    expect([...(sums.get("a") ?? [])]).toEqual([1, 1, 1, 1]);
    // in place in slot 1 (no new buffer of the model's size per step); slot 0 did not take part
    expect(sums.get("a")?.buffer).toBe(slots[1].buffer);
    expect([...slots[0]]).toEqual(new Array(7).fill(100));
    const order = [
      new Float32Array(7).fill(2 ** -24),
      new Float32Array(7).fill(1),
      new Float32Array(7).fill(2 ** -24),
    ];
    // in worker order (2^-24 + 1) + 2^-24 = 1 in float32; adding the two small ones first would give 1 + 2^-23
    expect(sumGradientSlots(layout, order, [0, 1, 2], [false, true]).get("b")?.[0]).toBe(1);
  });

  it("writes the main thread's weights by name, a tied alias once, and refuses strangers", () => {
    const a = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const b = tf.tensor1d([5, 6, 7]);
    const target = new Float32Array(7);
    writeWeights(
      layout,
      [
        { name: "b", variable: b },
        { name: "a", variable: a },
        { name: "a.alias", variable: a },
      ],
      target,
    );
    expect([...target]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(() =>
      writeWeights(
        layout,
        [
          { name: "a", variable: a },
          { name: "b", variable: b },
          { name: "c", variable: tf.scalar(1) },
        ],
        target,
      ),
    ).toThrow(/c is not a weight/);
    tf.dispose([a, b]);
  });
});

describe("what a worker imports to build its model", () => {
  it("takes paths from the main thread's working directory and leaves package names to the worker", () => {
    expect(resolveModuleSpecifier("./models/bert.js", "/work/run")).toBe("file:///work/run/models/bert.js");
    expect(resolveModuleSpecifier("../bert.js", "/work/run")).toBe("file:///work/bert.js");
    expect(resolveModuleSpecifier("/opt/bert.js")).toBe("file:///opt/bert.js");
    expect(resolveModuleSpecifier("@tfjs-trainer/models")).toBe("@tfjs-trainer/models");
    expect(resolveModuleSpecifier("file:///opt/bert.js")).toBe("file:///opt/bert.js");
  });
});

describe("the Node options a worker gets", () => {
  it("keeps the parent's options but not those that say how its script was given", () => {
    expect(
      workerExecArgv([
        "--input-type=module",
        "--max-old-space-size=500",
        "-e",
        "code",
        "--conditions=development",
      ]),
    ).toEqual(["--max-old-space-size=500", "--conditions=development"]);
    expect(workerExecArgv(["--input-type", "module", "--import", "x.js"])).toEqual(["--import", "x.js"]);
  });
});
