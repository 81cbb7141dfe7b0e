import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { ArgumentError } from "../args/index.js";
import type { Trainer } from "../trainer.js";
import { TRAINER_STATE_FILE } from "./file-names.js";
import { listCheckpoints } from "./last-checkpoint.js";

function listed(names: string[]): string {
  return names.length <= 4
    ? names.join(", ")
    : `${names.slice(0, 2).join(", ")} … ${names.at(-1)} (${names.length})`;
}

/**
 * A run that starts from scratch in an output_dir holding checkpoints would replace those of the same step and
 * leave the others beside its own, where resume_from_checkpoint=true would later pick the wrong run's newest.
 * HF 5.x dropped the overwrite_output_dir check; silently losing a complete checkpoint is worse than asking, so
 * such a run is refused unless overwrite_output_dir says to go ahead.
 */
export async function refuseToOverwriteCheckpoints(trainer: Trainer): Promise<void> {
  const { args } = trainer;
  if (args.save_strategy === "no") return;
  // only complete checkpoints count (a folder of that name without its trainer state holds nothing to lose)
  const existing = (await listCheckpoints(args.output_dir))
    .filter((c) => existsSync(join(c.path, TRAINER_STATE_FILE)))
    .map((c) => basename(c.path));
  if (existing.length === 0) return;
  if (args.overwrite_output_dir) {
    trainer.logger(
      `overwrite_output_dir: training from scratch in "${args.output_dir}", which holds ${listed(existing)}; ` +
        "this run's checkpoints replace those of the same step",
    );
    return;
  }
  throw new ArgumentError({
    field: "output_dir",
    detail:
      `output_dir "${args.output_dir}" already holds checkpoints (${listed(existing)}), which this run would ` +
      "write over. To continue from the newest, set resume_from_checkpoint to true (--resume_from_checkpoint " +
      "true, or train({ resumeFromCheckpoint: true })); to start again and replace them, set overwrite_output_dir " +
      "to true; or choose another output_dir.",
  });
}
