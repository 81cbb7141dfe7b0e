import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { InMemoryDataset, type PluginSpec, Trainer, type TrainingArgumentsInit } from "@tfjs-trainer/core";
import { DataCollatorForSeq2Seq, DataCollatorWithPadding, type Feature } from "@tfjs-trainer/data";
import { fromPretrained, type PreTrainedModel } from "@tfjs-trainer/models";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./helpers/make-trainer.js";

const FIXTURES = new URL("../../fixtures/hf-reference/", import.meta.url);
const path = (relative: string) => fileURLToPath(new URL(relative, FIXTURES));
const readJson = <T>(relative: string): T => JSON.parse(readFileSync(path(relative), "utf8")) as T;

beforeAll(async () => {
  await tf.setBackend("cpu");
});

interface Case {
  model: string;
  data: string;
  collator: (padTokenId: number) => ReturnType<typeof DataCollatorWithPadding>;
  args: Partial<TrainingArgumentsInit>;
}

/** A BERT classifier (mean loss) and GPT-2 (loss over the window's tokens), dropout 0 in both fixtures. */
const CASES: Record<string, Case> = {
  "bert-seqcls": {
    model: "models/bert-seqcls",
    data: "runs/bert-seqcls/data.json",
    collator: (padTokenId) => DataCollatorWithPadding({ padTokenId }),
    args: { per_device_train_batch_size: 8, gradient_accumulation_steps: 2, max_steps: 4 },
  },
  gpt2: {
    model: "models/gpt2",
    data: "runs/gpt2-clm/data.json",
    collator: (padTokenId) => DataCollatorForSeq2Seq({ padTokenId }),
    args: { per_device_train_batch_size: 5, gradient_accumulation_steps: 2, max_steps: 3 },
  },
};

async function train(c: Case, workers: number, plugins: PluginSpec[] = [defaultFlow]) {
  const model = await fromPretrained<PreTrainedModel>(path(c.model), { warn: () => {} });
  const data = readJson<{ train: Feature[]; pad_token_id: number }>(c.data);
  const trainer = new Trainer({
    model,
    args: {
      output_dir: tempDir("data-parallel-"),
      // SGD: AdamW would turn the rounding noise of gradients that are zero in exact arithmetic (attention key
      // biases, ~1e-9) into full-size steps, so its weights could not be compared at 1e-5
      optim: "sgd",
      learning_rate: 0.5,
      weight_decay: 0.01,
      max_grad_norm: 1.0,
      logging_steps: 1,
      save_strategy: "no",
      train_sampling_strategy: "sequential",
      seed: 7,
      backend: "cpu",
      data_parallel_workers: workers,
      ...c.args,
    },
    trainDataset: new InMemoryDataset(data.train),
    dataCollator: c.collator(data.pad_token_id),
    plugins,
    logger: () => {},
  });
  await trainer.train();
  return { trainer, model };
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

describe("data_parallel_workers: gradients from worker threads", () => {
  it.each(Object.entries(CASES))(
    "%s: 2 workers log the losses and reach the weights of one thread",
    async (_, c) => {
      const single = await train(c, 1);
      const parallel = await train(c, 2);
      const logs = (t: Trainer) => t.state.log_history.filter((e) => e.loss !== undefined);
      const [a, b] = [logs(single.trainer), logs(parallel.trainer)];
      expect(b.map((e) => e.step)).toEqual(a.map((e) => e.step));
      expect(a.length).toBeGreaterThan(1);
      a.forEach((entry, i) => {
        expect(relative(b[i].loss!, entry.loss!)).toBeLessThan(1e-5);
        expect(relative(b[i].grad_norm!, entry.grad_norm!)).toBeLessThan(1e-5);
        expect(b[i].learning_rate).toBe(entry.learning_rate);
      });
      const weights = (m: PreTrainedModel) => m.namedParameters().map((p) => p.variable.dataSync());
      const [wa, wb] = [weights(single.model), weights(parallel.model)];
      let worst = 0;
      let scale = 0;
      wa.forEach((values, k) => {
        values.forEach((v, i) => {
          worst = Math.max(worst, Math.abs(v - wb[k][i]));
          scale = Math.max(scale, Math.abs(v));
        });
      });
      expect(worst / scale).toBeLessThan(1e-5);
      expect(parallel.trainer.dataParallel).toBeUndefined(); // the workers end with train()
      single.model.dispose();
      parallel.model.dispose();
    },
    120_000,
  );

  it("refuses, naming the plugin, when a plugin changes the forward pass the workers would not run", async () => {
    const tapsForward: PluginSpec = {
      name: "my-forward",
      options: {},
      apply: (t) => t.hooks.forward.tap("my-forward", () => undefined),
    };
    await expect(train(CASES["bert-seqcls"], 2, [defaultFlow, tapsForward])).rejects.toThrow(
      'data_parallel_workers 2: plugin "my-forward" taps forward, which the workers would not run',
    );
  });
});
