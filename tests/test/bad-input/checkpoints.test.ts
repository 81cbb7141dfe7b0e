import { mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { ArgumentError, TinyClassifier, type TrainingArgumentsInit } from "@tfjs-trainer/core";
import { SafetensorsError } from "@tfjs-trainer/safetensors";
import { beforeAll, describe, expect, it } from "vitest";
import { flatWeights, makeTrainer, tempDir } from "../helpers/make-trainer.js";
import {
  checkpointNames,
  expectOnlyCompleteCheckpoints,
  numTensors,
  rejection,
  snapshot,
} from "./outcomes.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const SAVING = { max_steps: 4, save_strategy: "steps", save_steps: 2 } as const;

function trainer(outputDir: string, args: Partial<TrainingArgumentsInit> = {}, messages: string[] = []) {
  return makeTrainer({ ...SAVING, output_dir: outputDir, ...args }, { logger: (m) => messages.push(m) });
}

/** An output_dir holding checkpoint-2 and checkpoint-4 of a complete run. */
async function trainedOutputDir(): Promise<string> {
  const dir = tempDir("bad-checkpoint-");
  await trainer(dir).train();
  expect(checkpointNames(dir)).toEqual(["checkpoint-2", "checkpoint-4"]);
  return dir;
}

/** Resuming from `checkpoint` fails; the trainer's model is as it was and nothing on disk changed. */
async function failedResume(outputDir: string, checkpoint: string | boolean, other = trainer(outputDir)) {
  const before = flatWeights(other);
  const files = checkpointNames(outputDir).map((name) => snapshot(join(outputDir, name)));
  const tensors = numTensors();
  const error = await rejection(other.train({ resumeFromCheckpoint: checkpoint }));
  expect(flatWeights(other)).toEqual(before);
  expect(other.state.global_step).toBe(0);
  expect(numTensors()).toBe(tensors);
  expect(checkpointNames(outputDir).map((name) => snapshot(join(outputDir, name)))).toEqual(files);
  return error;
}

describe("bad input: a truncated safetensors file on resume", () => {
  it("a cut model.safetensors names the file, the tensor, and the bytes missing", async () => {
    const dir = await trainedOutputDir();
    const file = join(dir, "checkpoint-4", "model.safetensors");
    truncateSync(file, statSync(file).size - 10);
    const error = await failedResume(dir, true);
    expect(error).toBeInstanceOf(SafetensorsError);
    expect(error.message).toMatch(
      new RegExp(
        `^${file}: tensor "[\\w.]+" needs bytes \\d+\\.\\.\\d+ of the data buffer \\(file bytes \\d+\\.\\.\\d+\\) but the file has \\d+ \\(truncated\\?\\)$`,
      ),
    );
    // the earlier, complete checkpoint still resumes
    await expect(
      trainer(dir).train({ resumeFromCheckpoint: join(dir, "checkpoint-2") }),
    ).resolves.toBeDefined();
  });

  it("a cut optimizer.safetensors is named as well, and the model is left unloaded", async () => {
    const dir = await trainedOutputDir();
    const file = join(dir, "checkpoint-4", "optimizer.safetensors");
    truncateSync(file, 6);
    const error = await failedResume(dir, join(dir, "checkpoint-4"));
    expect(error.message).toBe(
      `${file} is 6 bytes long, too short for the 8-byte header length (not a safetensors file?)`,
    );
  });
});

describe("bad input: a corrupt trainer_state.json", () => {
  it("text that is not JSON names the file and the parse error", async () => {
    const dir = await trainedOutputDir();
    const file = join(dir, "checkpoint-4", "trainer_state.json");
    writeFileSync(file, readFileSync(file, "utf8").slice(0, 40));
    const error = await failedResume(dir, true);
    expect(error.message).toMatch(new RegExp(`^${file}: the trainer state is not valid JSON \\(.+\\)$`));
  });

  it("an empty file (a write cut short) says so", async () => {
    const dir = await trainedOutputDir();
    const file = join(dir, "checkpoint-4", "trainer_state.json");
    writeFileSync(file, "");
    const error = await failedResume(dir, true);
    expect(error.message).toBe(`${file}: the trainer state is not valid JSON (Unexpected end of JSON input)`);
  });

  it("a field of the wrong type names the field, the type expected and the value found", async () => {
    const dir = await trainedOutputDir();
    const file = join(dir, "checkpoint-4", "trainer_state.json");
    const state = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...state, global_step: "four" }));
    const error = await failedResume(dir, true);
    expect(error.message).toBe(`${file}: field "global_step" must be a number, got string "four"`);
  });
});

describe("bad input: a checkpoint from another model", () => {
  it("resuming a model of another size names the file and the first tensors that differ", async () => {
    const dir = await trainedOutputDir();
    const wider = makeTrainer(
      { ...SAVING, output_dir: dir },
      { logger: () => {}, model: new TinyClassifier({ vocab_size: 16, hidden_size: 12, num_labels: 3 }) },
    );
    const error = await failedResume(dir, true, wider);
    expect(error.message).toBe(
      `${join(dir, "checkpoint-4", "model.safetensors")} does not fit TinyForSequenceClassification (a ` +
        'checkpoint of another model?): tensor "embeddings.weight" is [16, 8], the model needs [16, 12]; ' +
        'tensor "dense.weight" is [8, 8], the model needs [12, 12]; tensor "dense.bias" is [8], the model needs ' +
        "[12]; and 2 more. The file holds 6 tensors (classifier.bias, classifier.weight, dense.bias, …).",
    );
  });
});

describe("bad input: resume_from_checkpoint that points nowhere", () => {
  it("a folder that does not exist lists the checkpoints output_dir has", async () => {
    const dir = await trainedOutputDir();
    const error = await failedResume(dir, join(dir, "checkpoint-40"));
    expect(error.message).toBe(
      `resume_from_checkpoint: the folder "${join(dir, "checkpoint-40")}" does not exist (output_dir "${dir}" ` +
        "holds checkpoint-2, checkpoint-4)",
    );
  });

  it("true with no checkpoint in output_dir says where it looked", async () => {
    const dir = tempDir("bad-checkpoint-");
    const error = await rejection(trainer(dir).train({ resumeFromCheckpoint: true }));
    expect(error.message).toBe(`resume_from_checkpoint: no checkpoint-N folder in output_dir "${dir}"`);
  });
});

describe("bad input: an output_dir that holds checkpoints, without resume or overwrite", () => {
  it("training from scratch is refused, saying how to resume or overwrite; every checkpoint is kept as it was", async () => {
    const dir = await trainedOutputDir();
    const error = await failedResume(dir, false);
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).field).toBe("output_dir");
    expect(error.message).toBe(
      `output_dir "${dir}" already holds checkpoints (checkpoint-2, checkpoint-4), which this run would write ` +
        "over. To continue from the newest, set resume_from_checkpoint to true (--resume_from_checkpoint true, " +
        "or train({ resumeFromCheckpoint: true })); to start again and replace them, set overwrite_output_dir " +
        "to true; or choose another output_dir.",
    );
  });

  it("resume_from_checkpoint true, as the message says, continues from the newest", async () => {
    const dir = await trainedOutputDir();
    const resumed = trainer(dir, { max_steps: 6 });
    await resumed.train({ resumeFromCheckpoint: true });
    expect(checkpointNames(dir)).toEqual(["checkpoint-2", "checkpoint-4", "checkpoint-6"]);
    await expectOnlyCompleteCheckpoints(dir);
  });

  it("overwrite_output_dir true trains from scratch, says what it replaces, and replaces it atomically", async () => {
    const dir = await trainedOutputDir();
    const old = snapshot(join(dir, "checkpoint-2"));
    const messages: string[] = [];
    await trainer(dir, { overwrite_output_dir: true, learning_rate: 0.01 }, messages).train();
    expect(messages).toContain(
      `overwrite_output_dir: training from scratch in "${dir}", which holds checkpoint-2, checkpoint-4; this ` +
        "run's checkpoints replace those of the same step",
    );
    expect(snapshot(join(dir, "checkpoint-2"))["model.safetensors"]).not.toBe(old["model.safetensors"]);
    await expectOnlyCompleteCheckpoints(dir);
  });

  it("a checkpoint-N folder without its trainer_state.json is not a checkpoint: the run goes ahead", async () => {
    const dir = tempDir("bad-checkpoint-");
    mkdirSync(join(dir, "checkpoint-7"));
    await trainer(dir).train();
    expect(checkpointNames(dir)).toEqual(["checkpoint-2", "checkpoint-4", "checkpoint-7"]);
  });

  it('save_strategy "no" writes no checkpoint, so it may train beside old ones', async () => {
    const dir = await trainedOutputDir();
    const files = snapshot(join(dir, "checkpoint-4"));
    await trainer(dir, { save_strategy: "no" }).train();
    expect(snapshot(join(dir, "checkpoint-4"))).toEqual(files);
  });
});
