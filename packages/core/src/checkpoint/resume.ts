import { join } from "node:path";
import type { Trainer } from "../trainer.js";
import { readOptimizerFiles, readRngFile, readTrainerState } from "./checkpoint-files.js";
import { CONTROL_STATE_KEY, LOOP_STATE_KEY, TRAINER_STATE_FILE } from "./file-names.js";
import { getLastCheckpoint } from "./last-checkpoint.js";
import { loadModelFiles } from "./model-weights.js";

interface CollatorWithRng {
  setRngState?(state: unknown): void;
}

/** `true` means the newest checkpoint of output_dir (an error when there is none), a string is a folder. */
export async function resolveResumeFolder(
  trainer: Trainer,
  resume: string | boolean | undefined,
): Promise<string | undefined> {
  if (resume === undefined || resume === false) return undefined;
  if (resume === true) {
    const last = await getLastCheckpoint(trainer.args.output_dir);
    if (!last)
      throw new Error(
        `resume_from_checkpoint: no checkpoint-N folder in output_dir "${trainer.args.output_dir}"`,
      );
    return last;
  }
  return resume;
}

/**
 * Restores everything a checkpoint holds: weights, optimizer moments, scheduler, random streams, trainer state,
 * control flags, plugin states and the running loss. Files are all read and checked before the trainer changes,
 * except weights and optimizer, which validate every name and shape before assigning anything.
 */
export async function loadCheckpointInto(trainer: Trainer, dir: string): Promise<void> {
  const state = await readTrainerState(dir);
  const rng = trainer.args.save_only_model ? undefined : await readRngFile(dir).catch(() => undefined);
  await loadModelFiles(trainer.model, dir);
  if (trainer.optimizer && !trainer.args.save_only_model) {
    await readOptimizerFiles(dir, trainer.optimizer, trainer.scheduler);
  }
  const source = join(dir, TRAINER_STATE_FILE);
  trainer.loop.loadState(single(state.stateful_callbacks[LOOP_STATE_KEY]), source);
  const control = single(state.stateful_callbacks[CONTROL_STATE_KEY]);
  if (control) trainer.control.loadState(control);
  for (const [key, handle] of trainer.pluginStates) {
    const saved = single(state.stateful_callbacks[key]);
    if (saved && handle.loadState) handle.loadState(saved);
  }
  if (rng) {
    trainer.rng.setState(rng.trainer);
    const collator = trainer.dataCollator as CollatorWithRng;
    if (rng.collator !== undefined) collator.setRngState?.(rng.collator);
  }
  trainer.state = state;
}

function single<T>(value: T | T[] | undefined): T | undefined {
  return Array.isArray(value) ? value[0] : value;
}
