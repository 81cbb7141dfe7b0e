import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import {
  collectRunContents,
  EventFileWriteError,
  readEventFile,
  readRuns,
  SummaryWriter,
  tensorflowBucketEdges,
} from "../src/index.js";

const tempDir = () => mkdtempSync(join(tmpdir(), "tfevents-"));

describe("SummaryWriter", () => {
  it("names files events.out.tfevents.<secs>.<host>.<pid>.<n> and starts each with file_version brain.Event:2", async () => {
    const dir = tempDir();
    const before = Math.floor(Date.now() / 1000);
    const a = new SummaryWriter(dir);
    const b = new SummaryWriter(dir);
    await Promise.all([a.close(), b.close()]);
    const pattern = /^events\.out\.tfevents\.(\d{10})\.(.+)\.(\d+)\.(\d+)$/;
    const [ma, mb] = [basename(a.path), basename(b.path)].map((n) => n.match(pattern));
    expect(ma && mb).toBeTruthy();
    expect(Number(ma![1])).toBeGreaterThanOrEqual(before);
    expect([ma![2], ma![3]]).toEqual([hostname(), String(process.pid)]);
    expect(Number(mb![4])).toBe(Number(ma![4]) + 1);
    const { events } = await readEventFile(a.path);
    expect(events).toHaveLength(1);
    expect(events[0].file_version).toBe("brain.Event:2");
    expect(events[0].wall_time).toBeGreaterThanOrEqual(before);
  });

  it("round-trips scalars, text, histograms, images and hparams through the reader", async () => {
    const dir = tempDir();
    const w = new SummaryWriter(dir);
    const losses = [2.5, 1.25, 0.1, 0, -3e-8];
    for (const [i, loss] of losses.entries()) w.addScalar("train/loss", loss, i + 1);
    w.addScalar("eval/accuracy", 0.75, 5, 1_700_000_000.25);
    const text = '{\n  "learning_rate": 0.001,\n  "name": "héllo — 日本"\n}';
    w.addText("args", text);
    const weights = Float32Array.from({ length: 200 }, (_, i) => Math.sin(i) * (i % 7));
    w.addHistogram("weights/w", weights, 3);
    w.addHistogram("weights/equal", [0, 1, 1, 2, 3, 3, 3], 3, { bins: 3 });
    w.addHistogram("weights/edges", [-5, 0.5, 1.5, 1.5, 9], 3, { bins: [0, 1, 2] });
    const rgb = Uint8Array.from({ length: 2 * 3 * 3 }, (_, i) => (i * 37) % 256);
    const grey = Float32Array.from([0, 0.5, 1, 2, -1, 0.999]);
    const rgba = Uint8Array.from({ length: 1 * 2 * 4 }, (_, i) => 255 - i * 20);
    w.addImage("images/rgb", { data: rgb, height: 2, width: 3, channels: 3 }, 4);
    w.addImage("images/grey", { data: grey, height: 2, width: 3, channels: 1 }, 4);
    w.addImage("images/rgba", { data: rgba, height: 1, width: 2, channels: 4 }, 4);
    w.addHparams(
      {
        hparams: { learning_rate: 0.001, optim: "adamw", fp16: false, seed: 42 },
        metrics: ["eval/accuracy", "train/loss"],
        startTimeSecs: 1_700_000_000,
        endTimeSecs: 1_700_000_100,
      },
      5,
    );
    await w.close();

    const [run] = await readRuns(dir);
    expect(run.run).toBe(".");
    const c = collectRunContents(run.events);
    expect(c.tags.scalars).toEqual(["train/loss", "eval/accuracy"]);
    expect(c.scalars["train/loss"].map((p) => [p.step, p.value])).toEqual(
      losses.map((l, i) => [i + 1, Math.fround(l)]),
    );
    expect(c.scalars["eval/accuracy"]).toEqual([{ step: 5, wall_time: 1_700_000_000.25, value: 0.75 }]);

    expect(c.tags.tensors).toEqual(["args/text_summary"]);
    expect(c.texts["args/text_summary"].map((p) => p.value)).toEqual([text]);
    expect(c.tensors["args/text_summary"][0].value).toMatchObject({ dtype: "DT_STRING", shape: [1] });
    expect(c.plugins.text).toEqual({ "args/text_summary": new Uint8Array() });

    expect(c.tags.histograms).toEqual(["weights/w", "weights/equal", "weights/edges"]);
    const h = c.histograms["weights/w"][0];
    expect(h.step).toBe(3);
    expect(h.value.num).toBe(200);
    expect(h.value.min).toBe(Math.min(...weights));
    expect(h.value.max).toBe(Math.max(...weights));
    expect(h.value.bucket.reduce((a, b) => a + b, 0)).toBe(200);
    const edges = tensorflowBucketEdges();
    expect(h.value.bucket_limit.every((l) => edges.includes(l))).toBe(true);
    expect(h.value.bucket[0]).toBe(0); // the empty bucket torch keeps left of the first value
    // numpy's bins=3 over [0, 3]: [0, 1), [1, 2), [2, 3]; an empty bucket left of the first
    expect(c.histograms["weights/equal"][0].value).toMatchObject({
      bucket_limit: [0, 1, 2, 3],
      bucket: [0, 1, 2, 4],
    });
    expect(c.histograms["weights/edges"][0].value).toMatchObject({
      bucket_limit: [0, 1, 2],
      bucket: [0, 1, 2],
      num: 5,
      min: -5,
      max: 9,
    });

    expect(c.tags.images).toEqual(["images/rgb", "images/grey", "images/rgba"]);
    const decode = (tag: string) => {
      const image = c.images[tag][0].value;
      const png = PNG.sync.read(Buffer.from(image.encoded_image_string));
      return { image, png };
    };
    const rgbRead = decode("images/rgb");
    expect(rgbRead.image).toMatchObject({ height: 2, width: 3, colorspace: 3 });
    expect(rgbRead.png.colorType).toBe(2);
    expect(Array.from(rgbRead.png.data).filter((_, i) => i % 4 !== 3)).toEqual(Array.from(rgb));
    const greyRead = decode("images/grey");
    expect(greyRead.image.colorspace).toBe(1);
    expect(greyRead.png.colorType).toBe(0);
    expect(Array.from(greyRead.png.data).filter((_, i) => i % 4 === 0)).toEqual([0, 127, 255, 255, 0, 254]);
    const rgbaRead = decode("images/rgba");
    expect(rgbaRead.png.colorType).toBe(6);
    expect(Array.from(rgbaRead.png.data)).toEqual(Array.from(rgba));

    // hparams summaries hold only metadata: TensorBoard files them under no kind of data, as torch's
    expect(Object.values(c.tags).flat()).not.toContain("_hparams_/experiment");
    expect(c.hparams.experiment).toEqual({
      hparam_infos: [
        { name: "learning_rate", type: "DATA_TYPE_FLOAT64" },
        { name: "optim", type: "DATA_TYPE_STRING" },
        { name: "fp16", type: "DATA_TYPE_BOOL" },
        { name: "seed", type: "DATA_TYPE_FLOAT64" },
      ],
      metric_infos: [
        { name: { group: "", tag: "eval/accuracy" } },
        { name: { group: "", tag: "train/loss" } },
      ],
    });
    expect(c.hparams.session_start_info).toEqual({
      hparams: { learning_rate: 0.001, optim: "adamw", fp16: false, seed: 42 },
      start_time_secs: 1_700_000_000,
    });
    expect(c.hparams.session_end_info).toEqual({ status: "STATUS_SUCCESS", end_time_secs: 1_700_000_100 });
    expect(Object.keys(c.plugins.hparams)).toEqual([
      "_hparams_/experiment",
      "_hparams_/session_start_info",
      "_hparams_/session_end_info",
    ]);
  });

  it("rejects what torch rejects: empty histograms, images of the wrong size", () => {
    const w = new SummaryWriter(tempDir());
    expect(() => w.addHistogram("h", [])).toThrow(/no values/);
    expect(() => w.addImage("i", { data: new Uint8Array(5), height: 2, width: 2, channels: 1 })).toThrow(
      /needs 4 values, got 5/,
    );
    expect(() => w.addScalar("s", "1" as unknown as number)).toThrow(/not a number/);
  });

  it("keeps every event, in order, when many callers add and flush concurrently", async () => {
    const dir = tempDir();
    const w = new SummaryWriter(dir, { maxQueue: 3 });
    const delays = [3, 0, 1, 2, 0, 4, 1, 0, 2, 3];
    const callers = Array.from({ length: 10 }, (_, caller) =>
      (async () => {
        for (let step = 0; step < 20; step++) {
          w.addScalar(`caller/${caller}`, step, step);
          if (step % 4 === caller % 4) await w.flush();
          await new Promise((resolve) => setTimeout(resolve, delays[(caller + step) % delays.length]));
        }
      })(),
    );
    await Promise.all(callers);
    await w.close();
    const { events, torn } = await readEventFile(w.path, { allowTornLastRecord: false });
    expect(torn).toBeUndefined();
    expect(events).toHaveLength(1 + 10 * 20);
    const c = collectRunContents(events);
    for (let caller = 0; caller < 10; caller++) {
      expect(c.scalars[`caller/${caller}`].map((p) => p.value)).toEqual(
        Array.from({ length: 20 }, (_, i) => i),
      );
    }
  });

  it("flushes in the background once maxQueue events wait; close flushes the rest; add after close fails", async () => {
    const dir = tempDir();
    const w = new SummaryWriter(dir, { maxQueue: 3 });
    w.addScalar("a", 1, 1);
    expect(readdirSync(dir)).toEqual([]); // nothing written before a flush
    w.addScalar("a", 2, 2); // file_version + 2 = maxQueue
    for (let i = 0; i < 200 && readdirSync(dir).length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(readdirSync(dir)).toEqual([basename(w.path)]); // written with no flush() call
    await w.file.flush();
    expect((await readEventFile(w.path)).events).toHaveLength(3);
    w.addScalar("a", 3, 3);
    await w.close();
    expect((await readEventFile(w.path)).events).toHaveLength(4);
    await w.close(); // again: nothing to do
    expect(() => w.addScalar("a", 4, 4)).toThrow(/closed/);
  });

  it("a failed write rejects naming the file, is reported once, and stops the writer", async () => {
    const blocker = join(tempDir(), "a-file");
    writeFileSync(blocker, "not a folder");
    const errors: EventFileWriteError[] = [];
    const w = new SummaryWriter(join(blocker, "runs"), { maxQueue: 2, onError: (e) => errors.push(e) });
    w.addScalar("a", 1, 1); // reaches maxQueue: a background flush fails
    w.addScalar("a", 2, 2);
    const failure = await w.flush().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(EventFileWriteError);
    expect((failure as Error).message).toContain(join(blocker, "runs", basename(w.path)));
    expect(errors).toHaveLength(1);
    w.addScalar("a", 3, 3); // dropped, no throw
    await expect(w.close()).rejects.toBeInstanceOf(EventFileWriteError);
    expect(errors).toHaveLength(1);
    expect(readFileSync(blocker, "utf8")).toBe("not a folder");
  });
});
