// Writes a TensorBoard log dir with every kind of data our packages write, and expected.json beside the runs listing
// exactly what was written, for check_tensorboard.py to compare with what real TensorBoard reads and serves.
//   node tools/tensorboard-check/write-sample.mjs [out-dir]        (default tools/tensorboard-check/sample)
// Runs: writer/all-kinds (scalars, text, histograms, images, hparams; two event files, as HF leaves after an
// evaluation that follows training), writer/second-session (another hparams session), trainer (a Trainer run with
// @tfjs-trainer/plugin-tensorboard, weight and gradient histograms included).
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { InMemoryDataset, TinyClassifier, Trainer } from "@tfjs-trainer/core";
import { DataCollatorWithPadding } from "@tfjs-trainer/data";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import tensorboard, { configJSONString, rewriteLogKey } from "@tfjs-trainer/plugin-tensorboard";
import {
  collectRunContents,
  encodePng,
  imageBytes,
  makeHistogram,
  readRuns,
  SummaryWriter,
  splitRecords,
} from "@tfjs-trainer/tfevents";

const out = resolve(process.argv[2] ?? "tools/tensorboard-check/sample");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await tf.setBackend("cpu");

/** A seeded stream of normal numbers (mulberry32 + Box-Muller), so every sample is the same. */
function normals(seed, n) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from(
    { length: n },
    () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()),
  );
}

const expected = { writer: "tfjs-trainer/tfevents", runs: {} };
const runOf = (name) => {
  expected.runs[name] ??= { files: {}, scalars: {}, texts: {}, histograms: {}, images: {}, hparams: null };
  return expected.runs[name];
};
const push = (map, tag, point) => {
  map[tag] ??= [];
  map[tag].push(point);
};
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
const histogramJson = (h) => ({ ...h });

// ── writer/all-kinds ───────────────────────────────────────────────────────────────────────────────────────
{
  const name = "writer/all-kinds";
  const run = runOf(name);
  const dir = join(out, name);
  const w = new SummaryWriter(dir);
  for (let step = 1; step <= 20; step++) {
    const loss = 2 / step + 0.01 * Math.sin(step);
    w.addScalar("train/loss", loss, step);
    push(run.scalars, "train/loss", [step, Math.fround(loss)]);
    if (step % 5 === 0) {
      const accuracy = 0.5 + step / 50;
      w.addScalar("eval/accuracy", accuracy, step);
      push(run.scalars, "eval/accuracy", [step, Math.fround(accuracy)]);
    }
  }
  for (const [step, text] of [
    [0, "# Notes\n\n- learning rate **0.001**\n- unicode: héllo — 日本語 ✓"],
    [10, '{\n  "halfway": true\n}'],
  ]) {
    w.addText("notes", text, step);
    push(run.texts, "notes/text_summary", [step, text]);
  }
  for (const step of [0, 10, 20]) {
    const values = normals(1000 + step, 500).map((v) => v * (1 + step / 10));
    w.addHistogram("weights/normal", values, step);
    push(run.histograms, "weights/normal", [step, histogramJson(makeHistogram(values))]);
  }
  const linspace = Array.from({ length: 101 }, (_, i) => i * (2 / 100) - 1);
  linspace[100] = 1;
  w.addHistogram("weights/linspace", linspace, 5);
  push(run.histograms, "weights/linspace", [5, histogramJson(makeHistogram(linspace))]);
  const images = [
    [
      "images/rgb",
      {
        height: 6,
        width: 8,
        channels: 3,
        data: Uint8Array.from({ length: 6 * 8 * 3 }, (_, i) => (i * 11) % 256),
      },
    ],
    [
      "images/grey",
      { height: 4, width: 5, channels: 1, data: Float32Array.from({ length: 20 }, (_, i) => i / 19) },
    ],
    [
      "images/rgba",
      { height: 3, width: 3, channels: 4, data: Uint8Array.from({ length: 36 }, (_, i) => 255 - i * 7) },
    ],
  ];
  for (const step of [0, 20]) {
    for (const [tag, image] of images) {
      w.addImage(tag, image, step);
      push(run.images, tag, [
        step,
        {
          width: image.width,
          height: image.height,
          colorspace: image.channels,
          png_sha256: sha256(encodePng(image)),
          pixels_base64: Buffer.from(imageBytes(image)).toString("base64"),
        },
      ]);
    }
  }
  const hparams = { learning_rate: 0.001, optimizer: "adamw", batch_size: 16, use_fp16: false };
  const metrics = ["eval/accuracy", "train/loss"];
  w.addHparams({ hparams, metrics, startTimeSecs: 1_800_000_000, endTimeSecs: 1_800_000_060 }, 20);
  run.hparams = { hparams, metrics, status: "STATUS_SUCCESS" };
  await w.close();

  // a second file in the same run, as HF's callback leaves after an evaluation that follows training
  const again = new SummaryWriter(dir);
  again.addScalar("eval/accuracy", 0.9, 20);
  push(run.scalars, "eval/accuracy", [20, Math.fround(0.9)]);
  await again.close();
}

// ── writer/second-session: another row of the HParams tab ──────────────────────────────────────────────────
{
  const name = "writer/second-session";
  const run = runOf(name);
  const w = new SummaryWriter(join(out, name));
  for (let step = 1; step <= 20; step++) {
    const loss = 3 / step;
    w.addScalar("train/loss", loss, step);
    push(run.scalars, "train/loss", [step, Math.fround(loss)]);
    if (step % 5 === 0) {
      w.addScalar("eval/accuracy", 0.4 + step / 100, step);
      push(run.scalars, "eval/accuracy", [step, Math.fround(0.4 + step / 100)]);
    }
  }
  const hparams = { learning_rate: 0.01, optimizer: "sgd", batch_size: 32, use_fp16: true };
  const metrics = ["eval/accuracy", "train/loss"];
  w.addHparams({ hparams, metrics, status: "STATUS_SUCCESS" }, 20);
  run.hparams = { hparams, metrics, status: "STATUS_SUCCESS" };
  await w.close();
}

// ── trainer: what the plugin writes for a real run ─────────────────────────────────────────────────────────
{
  const name = "trainer";
  const run = runOf(name);
  const rows = Array.from({ length: 16 }, (_, i) => ({
    input_ids: [1 + (i % 5), 2 + (i % 3), 3],
    label: i % 3,
  }));
  const trainer = new Trainer({
    model: new TinyClassifier({ vocab_size: 8, hidden_size: 6, num_labels: 3, seed: 3 }),
    args: {
      output_dir: join(out, ".trainer-output"),
      per_device_train_batch_size: 4,
      max_steps: 8,
      logging_steps: 2,
      eval_strategy: "steps",
      eval_steps: 4,
      save_strategy: "no",
      learning_rate: 0.01,
      backend: "cpu",
    },
    trainDataset: new InMemoryDataset(rows),
    evalDataset: new InMemoryDataset(rows),
    dataCollator: DataCollatorWithPadding({ padTokenId: 0 }),
    plugins: [defaultFlow, tensorboard({ log_dir: join(out, name), histogram_steps: 4 })],
    logger: () => {},
  });
  await trainer.train();
  await trainer.evaluate();
  for (const { step, ...entry } of trainer.state.log_history) {
    for (const [key, value] of Object.entries(entry))
      push(run.scalars, rewriteLogKey(key), [step, Math.fround(value)]);
  }
  push(run.texts, "args/text_summary", [0, trainer.args.toJSONString()]);
  if (trainer.model.config)
    push(run.texts, "model_config/text_summary", [0, configJSONString(trainer.model.config)]);
  // histograms of tensors we cannot see from here: as our reader reads them back
  const [written] = await readRuns(join(out, name));
  for (const [tag, points] of Object.entries(collectRunContents(written.events).histograms)) {
    for (const p of points) push(run.histograms, tag, [p.step, histogramJson(p.value)]);
  }
  const hparams = Object.fromEntries(
    Object.entries(trainer.args.toDict()).filter(([, v]) =>
      ["number", "string", "boolean"].includes(typeof v),
    ),
  );
  run.hparams = { hparams, metrics: metricsAtTrainEnd(trainer), status: "STATUS_SUCCESS" };
  rmSync(join(out, ".trainer-output"), { recursive: true, force: true });
}

/** The scalar tags the plugin had written when training ended (its HParams metrics), in the order first written. */
function metricsAtTrainEnd(trainer) {
  const trainEnd = trainer.state.log_history.findIndex((e) => "train_loss" in e);
  const tags = [];
  for (const { step: _, ...entry } of trainer.state.log_history.slice(0, trainEnd + 1)) {
    for (const key of Object.keys(entry))
      if (!tags.includes(rewriteLogKey(key))) tags.push(rewriteLogKey(key));
  }
  return tags;
}

// ── the files of each run, with their record counts ────────────────────────────────────────────────────────
for (const [name, run] of Object.entries(expected.runs)) {
  const dir = join(out, name);
  for (const file of readdirSync(dir)
    .filter((f) => f.includes("tfevents"))
    .sort()) {
    const { records, torn } = splitRecords(readFileSync(join(dir, file)), file);
    if (torn) throw new Error(`${file}: torn record`);
    run.files[file] = records.length;
  }
}

writeFileSync(join(out, "expected.json"), `${JSON.stringify(expected, null, 1)}\n`);
const counts = Object.entries(expected.runs).map(
  ([name, r]) =>
    `${name}: ${Object.keys(r.files).length} files, ${Object.keys(r.scalars).length} scalar tags, ${Object.keys(r.texts).length} text, ${Object.keys(r.histograms).length} histogram, ${Object.keys(r.images).length} image tags${r.hparams ? ", hparams" : ""}`,
);
console.log(`wrote ${out}:\n  ${counts.join("\n  ")}`);
