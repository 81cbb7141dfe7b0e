import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import {
  CONFIG_FILE,
  getLastCheckpoint,
  listCheckpoints,
  MODEL_FILE,
  OPTIMIZER_FILE,
  OPTIMIZER_META_FILE,
  RNG_FILE,
  SCHEDULER_FILE,
  TRAINER_STATE_FILE,
  TRAINING_ARGS_FILE,
} from "@tfjs-trainer/core";
import { readSafetensorsFile } from "@tfjs-trainer/safetensors";

const CHECKPOINT_NAME = /^checkpoint-(\d+)$/;
/** core's atomic folder writes fill `.tmp-<name>-<pid>-<random>` and rename it into place */
const TEMP_NAME = /^\.tmp-/;
const JSON_FILES = [CONFIG_FILE, OPTIMIZER_META_FILE, SCHEDULER_FILE, RNG_FILE, TRAINING_ARGS_FILE];

/** What a killed run left in output_dir, and every way it falls short of "the newest complete checkpoint loads". */
export interface OutputInspection {
  checkpoints: string[];
  /** Temporary folders left by a write the kill interrupted. */
  temporary: string[];
  /** The folder resume_from_checkpoint: true would load (core's getLastCheckpoint), by name. */
  newest: string | null;
  problems: string[];
}

export async function inspectOutput(outputDir: string): Promise<OutputInspection> {
  const entries = existsSync(outputDir) ? await readdir(outputDir, { withFileTypes: true }) : [];
  const checkpoints = entries
    .filter((e) => e.isDirectory() && CHECKPOINT_NAME.test(e.name))
    .map((e) => e.name)
    .sort((a, b) => stepOf(a) - stepOf(b));
  const temporary = await temporaryFolders(outputDir);
  const problems: string[] = [];
  for (const name of checkpoints) problems.push(...(await checkpointProblems(join(outputDir, name))));

  const listed = (await listCheckpoints(outputDir)).map((c) => basename(c.path));
  const mistaken = listed.filter((name) => !CHECKPOINT_NAME.test(name));
  if (mistaken.length > 0) problems.push(`listCheckpoints took ${mistaken.join(", ")} for checkpoints`);
  const last = await getLastCheckpoint(outputDir);
  const newest = last ? basename(last) : null;
  if (newest !== (checkpoints.at(-1) ?? null)) {
    problems.push(`getLastCheckpoint gives ${newest}, the newest checkpoint folder is ${checkpoints.at(-1)}`);
  }
  if (newest) problems.push(...(await bestProblems(outputDir, newest, checkpoints)));
  return { checkpoints, temporary, newest, problems };
}

/** Folders of interrupted atomic writes (and deletes) in output_dir. */
export async function temporaryFolders(outputDir: string): Promise<string[]> {
  const names = existsSync(outputDir) ? await readdir(outputDir) : [];
  return names.filter((name) => TEMP_NAME.test(name)).sort();
}

/** Every file a resume reads is present and parses; trainer_state.json is of the folder's own step. */
export async function checkpointProblems(dir: string): Promise<string[]> {
  const name = basename(dir);
  const problems: string[] = [];
  for (const file of [MODEL_FILE, OPTIMIZER_FILE]) {
    try {
      const { tensors } = await readSafetensorsFile(join(dir, file));
      if (tensors.size === 0) problems.push(`${name}/${file}: holds no tensor`);
    } catch (error) {
      problems.push(`${name}/${file}: ${(error as Error).message}`);
    }
  }
  for (const file of JSON_FILES) {
    const parsed = await readJson(join(dir, file));
    if (typeof parsed === "string") problems.push(`${name}/${file}: ${parsed}`);
  }
  const state = await readJson(join(dir, TRAINER_STATE_FILE));
  if (typeof state === "string") problems.push(`${name}/${TRAINER_STATE_FILE}: ${state}`);
  else if (state.global_step !== stepOf(name)) {
    problems.push(`${name}/${TRAINER_STATE_FILE}: global_step is ${state.global_step}`);
  }
  return problems;
}

/** The best checkpoint the newest one records must still be there (HF #15089, #25129 deleted it). */
async function bestProblems(outputDir: string, newest: string, checkpoints: string[]): Promise<string[]> {
  const state = await readJson(join(outputDir, newest, TRAINER_STATE_FILE));
  if (typeof state === "string" || !state.best_model_checkpoint) return [];
  const best = basename(String(state.best_model_checkpoint));
  return checkpoints.includes(best)
    ? []
    : [`${newest}/${TRAINER_STATE_FILE}: best_model_checkpoint ${best} is gone`];
}

/** The parsed object, or why there is none. */
async function readJson(path: string): Promise<Record<string, unknown> | string> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    return `cannot read (${(error as NodeJS.ErrnoException).code ?? error})`;
  }
  try {
    const value = JSON.parse(text);
    return typeof value === "object" && value !== null ? value : "not a JSON object";
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
}

function stepOf(name: string): number {
  return Number(CHECKPOINT_NAME.exec(name)?.[1] ?? Number.NaN);
}
