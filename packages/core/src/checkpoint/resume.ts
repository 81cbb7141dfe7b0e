import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import type { Trainer } from "../trainer.js";
import { readOptimizerFiles, readRngFile, readTrainerState } from "./checkpoint-files.js";
import { CONTROL_STATE_KEY, LOOP_STATE_KEY, TRAINER_STATE_FILE } from "./file-names.js";
import { getLastCheckpoint, listCheckpoints } from "./last-checkpoint.js";
import { readModelFiles } from "./model-weights.js";

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
  if (!existsSync(resume)) {
    const available = (await listCheckpoints(trainer.args.output_dir)).map((c) => basename(c.path));
    const hint =
      available.length > 0
        ? `output_dir "${trainer.args.output_dir}" holds ${available.join(", ")}`
        : `output_dir "${trainer.args.output_dir}" holds no checkpoint`;
    throw new Error(`resume_from_checkpoint: the folder "${resume}" does not exist (${hint})`);
  }
  return resume;
}

/**
 * Restores everything a checkpoint holds: weights, optimizer moments, scheduler, random streams, trainer state,
 * control flags, plugin states and the running loss. Every file is read and checked before the trainer changes, so
 * a truncated or foreign checkpoint leaves the model as it was.
 */
export async function loadCheckpointInto(trainer: Trainer, dir: string): Promise<void> {
  const state = await readTrainerState(dir);
  const rng = trainer.args.save_only_model ? undefined : await readRngFile(dir);
  const assignWeights = await readModelFiles(trainer.model, dir);
  if (trainer.optimizer && !trainer.args.save_only_model) {
    const loadOptimizer = await readOptimizerFiles(dir, trainer.optimizer, trainer.scheduler);
    // the optimizer checks its state against the parameters before it takes any: a mismatch leaves all as it was
    loadOptimizer();
  }
  assignWeights();
  const source = join(dir, TRAINER_STATE_FILE);
  trainer.loop.loadState(single(state.stateful_callbacks[LOOP_STATE_KEY]), source);
  const control = single(state.stateful_callbacks[CONTROL_STATE_KEY]);
  if (control) trainer.control.loadState(control);
  for (const [key, handle] of trainer.pluginStates) {
    const saved = single(state.stateful_callbacks[key]);
    if (saved && handle.loadState) handle.loadState(saved, { checkpointDir: dir });
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
