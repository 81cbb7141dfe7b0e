import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { definePlugin, InMemoryDataset, Trainer, TrainingArguments } from "@tfjs-trainer/core";
import { DataCollatorWithPadding, type Feature, type HostTensor } from "@tfjs-trainer/data";
import { fromPretrained } from "@tfjs-trainer/models";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import { collectRunContents, readRuns } from "@tfjs-trainer/tfevents";
import { beforeAll, describe, expect, it } from "vitest";
import tensorboard, { rewriteLogKey } from "../src/index.js";

/**
 * HF's bert-seqcls run (fixtures/hf-reference/runs/bert-seqcls: run.json's arguments, data.json, the initial model
 * models/bert-seqcls) rebuilt with our Trainer, the default flow and this plugin, then compared with the event
 * files HF's TensorBoardCallback wrote for it (tensorboard/read.json: what TensorBoard read from them).
 */
const FIXTURES = fileURLToPath(new URL("../../../fixtures/hf-reference/", import.meta.url));
const RUN = join(FIXTURES, "runs", "bert-seqcls");
const json = (path: string) => JSON.parse(readFileSync(path, "utf8"));

interface HFRead {
  tags: Record<string, string[]>;
  scalars: Record<string, [number, number][]>;
}

const hfRead: HFRead = json(join(RUN, "tensorboard", "read.json"));
const hfFiles = readdirSync(join(RUN, "tensorboard")).filter((n) => n.includes("tfevents"));

let trainer: Trainer;
let outputDir: string;
const logs: string[] = [];
/** The model config when training began (training fills in fields such as problem_type). */
let configAtTrainBegin: unknown;

beforeAll(async () => {
  const run = json(join(RUN, "run.json"));
  const data: { train: Feature[]; eval: Feature[]; pad_token_id: number } = json(join(RUN, "data.json"));
  outputDir = mkdtempSync(join(tmpdir(), "tb-bert-"));
  const args = TrainingArguments.fromDict(
    { ...run.args, output_dir: outputDir, train_sampling_strategy: "sequential", backend: "cpu" },
    join(RUN, "run.json"),
    { onWarning: () => {} },
  );
  trainer = new Trainer({
    model: await fromPretrained(join(FIXTURES, "models", "bert-seqcls"), { warn: () => {} }),
    args,
    trainDataset: new InMemoryDataset(data.train),
    evalDataset: new InMemoryDataset(data.eval),
    dataCollator: DataCollatorWithPadding({ padTokenId: data.pad_token_id }),
    computeMetrics: ({ predictions, label_ids }) => {
      const p = predictions as HostTensor;
      const labels = label_ids as HostTensor;
      const classes = p.shape[p.shape.length - 1];
      let correct = 0;
      for (let r = 0; r < labels.data.length; r++) {
        const row = Array.from(p.data.subarray(r * classes, (r + 1) * classes));
        if (row.indexOf(Math.max(...row)) === labels.data[r]) correct++;
      }
      return { accuracy: correct / labels.data.length };
    },
    plugins: [
      defaultFlow,
      tensorboard,
      definePlugin({
        name: "config-probe",
        apply: (t) =>
          t.hooks.trainBegin.tapPromise("config-probe", async ({ model }) => {
            configAtTrainBegin = JSON.parse(JSON.stringify(model.config));
          }),
      }),
    ],
    logger: (m) => logs.push(m),
  });
  await trainer.train();
  await trainer.evaluate(); // as HF's run did after training
});

describe("a training run with the TensorBoard plugin, HF's bert-seqcls arguments", () => {
  it("writes to HF's default folder, output_dir/runs/<Mon>DD_HH-MM-SS_<host>, one file for training and one for the evaluation after it, as HF", async () => {
    const runs = readdirSync(join(outputDir, "runs"));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(
      new RegExp(
        `^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\\d{2}_\\d{2}-\\d{2}-\\d{2}_${hostname()}$`,
      ),
    );
    const [run] = await readRuns(join(outputDir, "runs", runs[0]));
    expect(run.run).toBe(".");
    expect(run.files).toHaveLength(hfFiles.length);
    expect(logs.filter((l) => l.includes("tensorboard"))).toEqual([]);
  });

  it("writes exactly HF's scalar and text tags, each at HF's steps, with our log_history's values", async () => {
    const dir = join(outputDir, "runs", readdirSync(join(outputDir, "runs"))[0]);
    const [run] = await readRuns(dir, { allowTornLastRecord: false });
    const ours = collectRunContents(run.events);
    expect([...ours.tags.scalars].sort()).toEqual([...hfRead.tags.scalars].sort());
    expect([...ours.tags.tensors].sort()).toEqual([...hfRead.tags.tensors].sort());
    for (const kind of ["images", "audio", "histograms", "distributions", "run_metadata"]) {
      expect((ours.tags as Record<string, string[]>)[kind]).toEqual(hfRead.tags[kind]);
    }
    for (const [tag, points] of Object.entries(hfRead.scalars)) {
      expect(
        ours.scalars[tag].map((p) => p.step),
        tag,
      ).toEqual(points.map(([step]) => step));
    }
    // our values: every number of every log entry, in order, at its step, as float32
    const expected: Record<string, [number, number][]> = {};
    for (const { step, ...entry } of trainer.state.log_history) {
      for (const [key, value] of Object.entries(entry)) {
        const tag = rewriteLogKey(key);
        expected[tag] ??= [];
        expected[tag].push([step, Math.fround(value)]);
      }
    }
    const got = Object.fromEntries(
      Object.entries(ours.scalars).map(([tag, points]) => [tag, points.map((p) => [p.step, p.value])]),
    );
    expect(got).toEqual(expected);
  });

  it("writes the arguments and the model config as text at step 0, as HF", async () => {
    const dir = join(outputDir, "runs", readdirSync(join(outputDir, "runs"))[0]);
    const [run] = await readRuns(dir);
    const { texts } = collectRunContents(run.events);
    expect(texts["args/text_summary"]).toHaveLength(1);
    expect(texts["args/text_summary"][0].step).toBe(0);
    expect(JSON.parse(texts["args/text_summary"][0].value)).toEqual(trainer.args.toDict());
    const config = JSON.parse(texts["model_config/text_summary"][0].value);
    expect(config).toEqual(configAtTrainBegin);
    expect(Object.keys(config)).toEqual(Object.keys(config).sort());
  });

  it("ends training with the hparams: the scalar arguments, every scalar tag as a metric, status success", async () => {
    const dir = join(outputDir, "runs", readdirSync(join(outputDir, "runs"))[0]);
    const [run] = await readRuns(dir);
    const first = collectRunContents(run.files[0].events);
    const { hparams } = first;
    expect(hparams.session_end_info?.status).toBe("STATUS_SUCCESS");
    const values = hparams.session_start_info!.hparams;
    expect(values).toMatchObject({
      learning_rate: 0.003,
      per_device_train_batch_size: 8,
      gradient_accumulation_steps: 2,
      lr_scheduler_type: "linear",
      load_best_model_at_end: true,
      metric_for_best_model: "accuracy",
      output_dir: outputDir,
    });
    const dict = trainer.args.toDict() as Record<string, unknown>;
    for (const [name, value] of Object.entries(dict)) {
      if (["number", "string", "boolean"].includes(typeof value)) expect(values[name], name).toBe(value);
      else expect(name in values, name).toBe(false);
    }
    expect(hparams.experiment!.hparam_infos.map((h) => h.name)).toEqual(Object.keys(values));
    expect(hparams.experiment!.metric_infos.map((m) => m.name.tag)).toEqual(first.tags.scalars);
    expect(first.tags.scalars).toContain("eval/accuracy");
    expect(hparams.session_start_info!.start_time_secs).toBeLessThanOrEqual(
      hparams.session_end_info!.end_time_secs!,
    );
  });
});
