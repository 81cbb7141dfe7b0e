import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { HostTensor, RngState } from "@tfjs-trainer/data";
import { readSafetensorsFile, writeSafetensorsFile } from "@tfjs-trainer/safetensors";
import type { LRScheduler, Optimizer } from "../optim/index.js";
import { TrainerState } from "../state/trainer-state.js";
import { writeFileDurable } from "./atomic-dir.js";
import {
  OPTIMIZER_FILE,
  OPTIMIZER_META_FILE,
  RNG_FILE,
  SCHEDULER_FILE,
  TRAINER_STATE_FILE,
} from "./file-names.js";

/** rng_state.json: every random stream the run draws from, so resume draws the same numbers. */
export interface RngFile {
  trainer: RngState;
  collator?: unknown;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(`${path}: cannot read the ${what} (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: the ${what} is not valid JSON (${(error as Error).message})`);
  }
}

export async function writeOptimizerFiles(
  dir: string,
  optimizer: Optimizer,
  scheduler?: LRScheduler,
): Promise<void> {
  const { tensors, meta } = optimizer.stateDict();
  try {
    await writeSafetensorsFile(join(dir, OPTIMIZER_FILE), tensors);
  } finally {
    tf.dispose(Object.values(tensors));
  }
  await writeFileDurable(join(dir, OPTIMIZER_META_FILE), json(meta));
  if (scheduler) await writeFileDurable(join(dir, SCHEDULER_FILE), json(scheduler.stateDict()));
}

/**
 * Reads a checkpoint's optimizer and scheduler files; resolves to the function that loads them into the optimizer
 * and scheduler (which check names and shapes first), so every file is read before anything changes.
 */
export async function readOptimizerFiles(
  dir: string,
  optimizer: Optimizer,
  scheduler?: LRScheduler,
): Promise<() => void> {
  const { tensors } = await readSafetensorsFile(join(dir, OPTIMIZER_FILE));
  const meta = (await readJsonFile(join(dir, OPTIMIZER_META_FILE), "optimizer state")) as Record<
    string,
    unknown
  >;
  const saved = scheduler
    ? ((await readJsonFile(join(dir, SCHEDULER_FILE), "scheduler state")) as Record<string, unknown>)
    : undefined;
  return () => {
    loadOptimizerState(dir, optimizer, tensors, meta);
    if (scheduler && saved) scheduler.loadStateDict(saved);
  };
}

function loadOptimizerState(
  dir: string,
  optimizer: Optimizer,
  tensors: Map<string, HostTensor>,
  meta: Record<string, unknown>,
): void {
  const tfTensors = Object.fromEntries(
    [...tensors].map(([name, h]) => [name, tf.tensor(h.data, h.shape, h.dtype)]),
  );
  try {
    optimizer.loadStateDict({ tensors: tfTensors, meta });
  } catch (error) {
    throw new Error(`${join(dir, OPTIMIZER_FILE)}: ${(error as Error).message}`);
  } finally {
    tf.dispose(Object.values(tfTensors));
  }
}

export async function writeTrainerState(dir: string, state: TrainerState): Promise<void> {
  await writeFileDurable(join(dir, TRAINER_STATE_FILE), state.toJSONString());
}

export async function readTrainerState(dir: string): Promise<TrainerState> {
  const path = join(dir, TRAINER_STATE_FILE);
  return TrainerState.fromJSON(await readJsonFile(path, "trainer state"), path);
}

export async function writeRngFile(dir: string, rng: RngFile): Promise<void> {
  await writeFileDurable(join(dir, RNG_FILE), json(rng));
}

/** rng_state.json, or undefined when the checkpoint has none (HF writes its random states as .pth files). */
export async function readRngFile(dir: string): Promise<RngFile | undefined> {
  const path = join(dir, RNG_FILE);
  if (!existsSync(path)) return undefined;
  const value = (await readJsonFile(path, "random state")) as Partial<RngFile>;
  if (!value || typeof value.trainer !== "object") throw new Error(`${path}: missing "trainer" random state`);
  return value as RngFile;
}
