import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { CheckpointWriteError, getLastCheckpoint, type TrainingArgumentsInit } from "@tfjs-trainer/core";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { makeTrainer, tempDir } from "../helpers/make-trainer.js";
import {
  checkpointNames,
  expectOnlyCompleteCheckpoints,
  numTensors,
  rejection,
  snapshot,
} from "./outcomes.js";

// A full disk, simulated where every writer of the library goes through: node:fs/promises. `open` hands out a
// handle whose writes (writeFile, writev, write) fail with ENOSPC for paths matching `failWrites`; `rename` fails onto paths matching
// `failRenamesOnto`. Both start disarmed, so the runs that build the earlier checkpoints write normally.
const disk = vi.hoisted(() => ({
  failWrites: undefined as RegExp | undefined,
  failRenamesOnto: undefined as RegExp | undefined,
  failures: 0,
}));

function noSpace(syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOSPC: no space left on device, ${syscall}`), {
    code: "ENOSPC",
    errno: -28,
    syscall,
  });
}

vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  const open: typeof actual.open = async (path, flags, mode) => {
    const handle = await actual.open(path, flags, mode);
    if (disk.failWrites?.test(String(path)) && /[wa]/.test(String(flags))) {
      // every way a writer puts bytes in a file: whole (writeFile), gathered (writev, safetensors) or piecewise
      const full = async (): Promise<never> => {
        disk.failures++;
        throw noSpace("write");
      };
      Object.assign(handle, { writeFile: full, writev: full, write: full });
    }
    return handle;
  };
  const rename: typeof actual.rename = async (from, to) => {
    if (disk.failRenamesOnto?.test(String(to)) && String(from).includes(".tmp-checkpoint")) {
      disk.failures++;
      throw noSpace("rename");
    }
    return actual.rename(from, to);
  };
  return { ...actual, open, rename, default: { ...actual, open, rename } };
});

beforeAll(async () => {
  await tf.setBackend("cpu");
});
afterEach(() => {
  disk.failWrites = undefined;
  disk.failRenamesOnto = undefined;
  disk.failures = 0;
});

const SAVING = { max_steps: 4, save_strategy: "steps", save_steps: 2 } as const;

function trainer(outputDir: string, args: Partial<TrainingArgumentsInit> = {}) {
  return makeTrainer({ ...SAVING, output_dir: outputDir, ...args }, { logger: () => {} });
}

/** Trains until the save of checkpoint-4, which hits a full disk on files matching `file`. */
async function fullDiskAtStep4(file: RegExp) {
  const dir = tempDir("full-disk-");
  const run = trainer(dir);
  let checkpoint2: Record<string, string> | undefined;
  run.hooks.save.tapPromise("arm-full-disk", async (_ctx, { checkpointDir }) => {
    if (checkpointDir.endsWith("checkpoint-2")) {
      checkpoint2 = snapshot(checkpointDir);
      disk.failWrites = file;
    }
  });
  const tensors = numTensors();
  const error = await rejection(run.train());
  run.optimizer?.dispose();
  expect(numTensors()).toBe(tensors);
  return { dir, error, checkpoint2: checkpoint2! };
}

describe("bad input: a full disk while saving a checkpoint", () => {
  it.each([
    ["model.safetensors", /\.tmp-checkpoint-4-.*model\.safetensors/],
    ["trainer_state.json", /\.tmp-checkpoint-4-.*trainer_state\.json/],
  ])(
    "writing %s fails: the message names the checkpoint, the file and ENOSPC; checkpoint-2 stays as it was and is what resume picks",
    async (file, pattern) => {
      const { dir, error, checkpoint2 } = await fullDiskAtStep4(pattern);
      expect(disk.failures).toBe(1);
      expect(error).toBeInstanceOf(CheckpointWriteError);
      expect(error.message).toMatch(
        new RegExp(
          `^could not save checkpoint "${dir}/checkpoint-4"; earlier checkpoints, and any folder already under that name, are untouched: ${dir}/\\.tmp-checkpoint-4-[\\w-]+/${file.replace(".", "\\.")}: could not write the file \\(ENOSPC: no space left on device, write\\)`,
        ),
      );
      expect(checkpointNames(dir)).toEqual(["checkpoint-2"]);
      expect(snapshot(join(dir, "checkpoint-2"))).toEqual(checkpoint2);
      await expectOnlyCompleteCheckpoints(dir);
      expect(await getLastCheckpoint(dir)).toBe(join(dir, "checkpoint-2"));
      // the disk has room again: the run resumes from what was kept
      disk.failWrites = undefined;
      await trainer(dir).train({ resumeFromCheckpoint: true });
      expect(checkpointNames(dir)).toEqual(["checkpoint-2", "checkpoint-4"]);
    },
  );

  it("replacing a checkpoint of the same step (overwrite_output_dir) puts the old one back when the swap fails", async () => {
    const dir = tempDir("full-disk-");
    await trainer(dir).train();
    const before = snapshot(join(dir, "checkpoint-2"));
    disk.failRenamesOnto = /checkpoint-2$/;
    const error = await rejection(trainer(dir, { overwrite_output_dir: true, learning_rate: 0.01 }).train());
    expect(error.message).toMatch(
      new RegExp(
        `^could not save checkpoint "${dir}/checkpoint-2"; .* are untouched: ENOSPC: no space left on device, rename$`,
      ),
    );
    expect(snapshot(join(dir, "checkpoint-2"))).toEqual(before);
    expect(checkpointNames(dir)).toEqual(["checkpoint-2", "checkpoint-4"]);
    expect(readdirSync(dir).filter((name) => name.startsWith(".tmp-"))).toEqual([]);
  });

  it("saveModel() into output_dir: the message names the file; the model saved before is kept", async () => {
    const dir = tempDir("full-disk-");
    const run = trainer(dir, { save_strategy: "no" });
    await run.saveModel();
    const before = snapshot(dir);
    disk.failWrites = /model\.safetensors/;
    const error = await rejection(run.saveModel());
    expect(error.message).toBe(
      `${dir}/model.safetensors: could not write the file (ENOSPC: no space left on device, write); what was under that name is unchanged`,
    );
    expect(snapshot(dir)).toEqual(before);
    expect(existsSync(join(dir, "config.json"))).toBe(true);
  });
});
