import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { Trainer } from "@tfjs-trainer/core";
import { readSafetensorsFile } from "@tfjs-trainer/safetensors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMA_FILE, type EmaWeightsOptions, PLUGIN_NAME, readEmaWeights } from "../src/index.js";
import { makeTrainer, maxAbsDifference, removeTempDirs, tempDir } from "./helpers.js";

afterAll(removeTempDirs);

const OPTIONS: EmaWeightsOptions = { decay: 0.8, update_after_step: 1 };
const SAVE_EVERY_3 = { max_steps: 6, save_strategy: "steps", save_steps: 3 } as const;

/** An uninterrupted 6-step run saving at steps 3 and 6. */
let full: Trainer;
let fullAverages: Record<string, Float32Array>;

beforeAll(async () => {
  await tf.setBackend("cpu");
  full = makeTrainer(OPTIONS, SAVE_EVERY_3);
  await full.train();
  fullAverages = await readEmaWeights(full);
});

/** The full run's checkpoint-3 alone in `folder`, as a run stopped after step 3 would leave it. */
function copyCheckpoint3(folder: string): string {
  const checkpoint = join(folder, "checkpoint-3");
  cpSync(join(full.args.output_dir, "checkpoint-3"), checkpoint, { recursive: true });
  return checkpoint;
}

describe("EMA in checkpoints", () => {
  it("writes ema.safetensors and its state in every checkpoint", async () => {
    const checkpoint = join(full.args.output_dir, "checkpoint-3");
    const state = JSON.parse(readFileSync(join(checkpoint, "trainer_state.json"), "utf8"));
    expect(state.stateful_callbacks.EmaWeights).toEqual({
      args: {
        decay: 0.8,
        update_after_step: 1,
        use_for_evaluation: true,
        warmup: false,
        copy_to_model_at_end: false,
      },
      attributes: { weights_file: EMA_FILE, updated_at_step: 3 },
    });
    const saved = await readSafetensorsFile(join(checkpoint, EMA_FILE));
    expect(saved.metadata).toEqual({ decay: "0.8", format: "pt", global_step: "3" });
    expect([...saved.tensors.keys()].sort()).toEqual(
      full.model
        .namedParameters()
        .map((p) => p.name)
        .sort(),
    );
  });

  it("a resumed run's average is bit-identical to the uninterrupted run's", async () => {
    const resumed = makeTrainer(OPTIONS, { ...SAVE_EVERY_3, output_dir: tempDir() });
    copyCheckpoint3(resumed.args.output_dir);
    await resumed.train({ resumeFromCheckpoint: true });
    expect(resumed.state.global_step).toBe(6);
    for (const file of ["model.safetensors", EMA_FILE]) {
      const uninterrupted = readFileSync(join(full.args.output_dir, "checkpoint-6", file));
      const afterResume = readFileSync(join(resumed.args.output_dir, "checkpoint-6", file));
      expect(afterResume.equals(uninterrupted), file).toBe(true);
    }
    expect(await readEmaWeights(resumed)).toEqual(fullAverages);
  });

  it("finds the file in the folder resume_from_checkpoint names, wherever it is", async () => {
    const elsewhere = copyCheckpoint3(tempDir("moved-"));
    const resumed = makeTrainer(OPTIONS, { ...SAVE_EVERY_3, resume_from_checkpoint: elsewhere });
    await resumed.train();
    expect(await readEmaWeights(resumed)).toEqual(fullAverages);
  });

  it("a checkpoint whose ema.safetensors is missing fails, naming the plugin and the file", async () => {
    const resumed = makeTrainer(OPTIONS, { ...SAVE_EVERY_3, output_dir: tempDir() });
    rmSync(join(copyCheckpoint3(resumed.args.output_dir), EMA_FILE));
    await expect(resumed.train({ resumeFromCheckpoint: true })).rejects.toThrow(
      new RegExp(`${PLUGIN_NAME}.*resuming at step 3.*checkpoint-3/ema\\.safetensors is missing`),
    );
  });

  it("a checkpoint saved without the plugin: the average starts at the resumed weights, with a note", async () => {
    const logs: string[] = [];
    const resumed = makeTrainer(OPTIONS, { ...SAVE_EVERY_3, output_dir: tempDir() });
    resumed.logger = (message) => logs.push(message);
    const statePath = join(copyCheckpoint3(resumed.args.output_dir), "trainer_state.json");
    const state = JSON.parse(readFileSync(statePath, "utf8"));
    delete state.stateful_callbacks.EmaWeights;
    writeFileSync(statePath, JSON.stringify(state));
    await resumed.train({ resumeFromCheckpoint: true });
    expect(logs.some((line) => line.includes("holds no EMA weights"))).toBe(true);
    // the history before step 3 is lost, so the average differs from the uninterrupted run's
    const averages = await readEmaWeights(resumed);
    const distance = Math.max(
      ...Object.keys(averages).map((name) => maxAbsDifference(averages[name], fullAverages[name])),
    );
    expect(distance).toBeGreaterThan(1e-4);
  });

  it("a malformed EMA state in trainer_state.json fails, naming the plugin and the attribute", async () => {
    const resumed = makeTrainer(OPTIONS, { ...SAVE_EVERY_3, output_dir: tempDir() });
    const statePath = join(copyCheckpoint3(resumed.args.output_dir), "trainer_state.json");
    const state = JSON.parse(readFileSync(statePath, "utf8"));
    state.stateful_callbacks.EmaWeights.attributes.weights_file = "../elsewhere.safetensors";
    writeFileSync(statePath, JSON.stringify(state));
    await expect(resumed.train({ resumeFromCheckpoint: true })).rejects.toThrow(
      `plugin "${PLUGIN_NAME}": the checkpoint's EMA state needs attributes.weights_file (a file name)`,
    );
  });
});
