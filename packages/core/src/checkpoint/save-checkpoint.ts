import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Trainer } from "../trainer.js";
import { writeDirAtomically, writeFileDurable } from "./atomic-dir.js";
import { writeOptimizerFiles, writeRngFile, writeTrainerState } from "./checkpoint-files.js";
import { CHECKPOINT_PREFIX, CONTROL_STATE_KEY, LOOP_STATE_KEY, TRAINING_ARGS_FILE } from "./file-names.js";

interface CollatorWithRng {
  getRngState?(): unknown;
}

/**
 * HF's _save_checkpoint, written atomically: model, optimizer + scheduler, random streams, trainer state (with the
 * control flags, every stateful plugin's state and files, and the loop's running loss) and the arguments, into a temporary
 * folder renamed to checkpoint-<global_step> once complete.
 */
export async function saveCheckpoint(trainer: Trainer): Promise<string> {
  const { args, state } = trainer;
  const dir = join(args.output_dir, `${CHECKPOINT_PREFIX}-${state.global_step}`);
  if (state.best_global_step !== null && args.save_strategy !== "no") {
    const bestDir = join(args.output_dir, `${CHECKPOINT_PREFIX}-${state.best_global_step}`);
    // the folder being written now is not in place yet: it counts as existing
    if (state.best_global_step === state.global_step || existsSync(bestDir))
      state.best_model_checkpoint = bestDir;
  }
  try {
    await writeDirAtomically(dir, async (temp) => {
      await trainer.saveModel(temp);
      if (!args.save_only_model) {
        if (trainer.optimizer) await writeOptimizerFiles(temp, trainer.optimizer, trainer.scheduler);
        const collator = trainer.dataCollator as CollatorWithRng;
        await writeRngFile(temp, { trainer: trainer.rng.getState(), collator: collator.getRngState?.() });
      }
      for (const handle of trainer.pluginStates.values()) await handle.saveFiles?.(temp);
      collectStatefulCallbacks(trainer);
      await writeTrainerState(temp, state);
      await writeFileDurable(join(temp, TRAINING_ARGS_FILE), `${JSON.stringify(args.toDict(), null, 2)}\n`);
    });
  } catch (error) {
    throw new CheckpointWriteError(dir, error);
  }
  return dir;
}

/**
 * Writing a checkpoint failed (a full disk, a permission, a plugin's saveModel). The checkpoint was being written
 * into a temporary folder, which is removed: nothing is left under its name and earlier checkpoints are untouched.
 */
export class CheckpointWriteError extends Error {
  constructor(
    readonly checkpointDir: string,
    override readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `could not save checkpoint "${checkpointDir}"; earlier checkpoints, and any folder already under that name, ` +
        `are untouched: ${reason}`,
      { cause },
    );
    this.name = "CheckpointWriteError";
  }
}

function collectStatefulCallbacks(trainer: Trainer): void {
  const callbacks = trainer.state.stateful_callbacks;
  callbacks[CONTROL_STATE_KEY] = trainer.control.state();
  callbacks[LOOP_STATE_KEY] = trainer.loop.exportState();
  for (const [key, handle] of trainer.pluginStates) {
    if (handle.state) callbacks[key] = handle.state();
  }
}
