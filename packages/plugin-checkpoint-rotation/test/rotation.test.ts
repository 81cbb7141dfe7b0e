import { existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { InMemoryDataset, TinyClassifier, Trainer } from "@tfjs-trainer/core";
import { DataCollatorWithPadding } from "@tfjs-trainer/data";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import { beforeAll, describe, expect, it } from "vitest";
import rotation, { checkpointsToDelete } from "../src/index.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("checkpointsToDelete", () => {
  const all = ["c2", "c4", "c6", "c8"];
  it("keeps the newest ones up to the limit", () => {
    expect(checkpointsToDelete(all, 2)).toEqual(["c2", "c4"]);
    expect(checkpointsToDelete(all, 5)).toEqual([]);
  });
  it("never deletes the best, even an early one with limit 2 (HF #15089)", () => {
    expect(checkpointsToDelete(all, 2, "c2")).toEqual(["c4", "c6"]);
  });
  it("with limit 1 keeps the newest and the best (HF #25129 deleted the best)", () => {
    expect(checkpointsToDelete(all, 1, "c4")).toEqual(["c2", "c6"]);
    expect(checkpointsToDelete(all, 1, "c8")).toEqual(["c2", "c4", "c6"]);
  });
});

function run(limit: number, evalScores: number[], extra: Record<string, unknown> = {}) {
  const outputDir = mkdtempSync(join(tmpdir(), "rotation-"));
  let evaluation = 0;
  const rows = Array.from({ length: 8 }, (_, i) => ({ input_ids: [1 + (i % 5), 2, 3], label: i % 3 }));
  const trainer = new Trainer({
    model: new TinyClassifier({ vocab_size: 8, hidden_size: 4, num_labels: 3, seed: 1 }),
    args: {
      output_dir: outputDir,
      per_device_train_batch_size: 4,
      max_steps: evalScores.length,
      eval_strategy: "steps",
      eval_steps: 1,
      save_steps: 1,
      save_total_limit: limit,
      load_best_model_at_end: true,
      metric_for_best_model: "score",
      backend: "cpu",
      ...extra,
    },
    trainDataset: new InMemoryDataset(rows),
    evalDataset: new InMemoryDataset(rows),
    dataCollator: DataCollatorWithPadding({ padTokenId: 0 }),
    computeMetrics: () => ({ score: evalScores[evaluation++] }),
    plugins: [defaultFlow, rotation],
    logger: () => {},
  });
  return { trainer, outputDir };
}

const checkpoints = (dir: string) =>
  readdirSync(dir)
    .filter((n) => n.startsWith("checkpoint-"))
    .sort();

describe("rotation during training", () => {
  it("limit 2 keeps the best (step 2) and the newest", async () => {
    const { trainer, outputDir } = run(2, [0.1, 0.9, 0.2, 0.3, 0.4]);
    await trainer.train();
    expect(checkpoints(outputDir)).toEqual(["checkpoint-2", "checkpoint-5"]);
    expect(trainer.state.best_model_checkpoint).toBe(join(outputDir, "checkpoint-2"));
  });

  it("limit 1 ends with only the best when it is not the newest (as HF leaves it)", async () => {
    const { trainer, outputDir } = run(1, [0.1, 0.9, 0.2, 0.3]);
    await trainer.train();
    expect(checkpoints(outputDir)).toEqual(["checkpoint-2"]);
  });

  it("touches neither incomplete checkpoint folders nor other folders", async () => {
    const { trainer, outputDir } = run(1, [0.1, 0.2, 0.3]);
    mkdirSync(join(outputDir, "checkpoint-0"));
    mkdirSync(join(outputDir, "notes"));
    await trainer.train();
    expect(checkpoints(outputDir)).toEqual(["checkpoint-0", "checkpoint-3"]);
    expect(existsSync(join(outputDir, "notes"))).toBe(true);
  });
});
