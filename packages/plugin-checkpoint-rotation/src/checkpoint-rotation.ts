import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import {
  definePlugin,
  type HookContext,
  listCheckpoints,
  STAGE_CLEANUP,
  TEMP_PREFIX,
  TRAINER_STATE_FILE,
} from "@tfjs-trainer/core";
import { checkpointsToDelete, checkpointsToDeleteAtEnd } from "./plan.js";

export const PLUGIN_NAME = "@tfjs-trainer/plugin-checkpoint-rotation";

/**
 * save_total_limit: after each save, deletes the oldest checkpoints beyond the limit, keeping the newest and the best
 * (state.best_model_checkpoint, found by folder name when output_dir moved since it was recorded). At the end of
 * training with limit 1, only the best is left when it is not the newest, as HF leaves it. Only complete checkpoint
 * folders are deleted (checkpoint-N with a trainer_state.json): a folder being written, or anything else in
 * output_dir, is never touched. A folder is renamed out of the checkpoint names before it is deleted, so a process
 * killed mid-delete leaves a temporary folder, never a half-deleted checkpoint-N that looks like one.
 */
export default definePlugin({
  name: PLUGIN_NAME,
  apply(trainer) {
    const tap = { name: PLUGIN_NAME, stage: STAGE_CLEANUP };
    trainer.hooks.save.tapPromise(tap, async (ctx) => rotate(ctx, ctx.args.save_total_limit));
    trainer.hooks.trainEnd.tapPromise(tap, async (ctx) => {
      const { args, state } = ctx;
      // A run killed between its last save and that save's rotation, then resumed, saves nothing more: rotate here.
      if (args.save_strategy !== "no") await rotate(ctx, args.save_total_limit);
      const doomed = checkpointsToDeleteAtEnd(
        await completeCheckpoints(ctx),
        args.save_total_limit,
        state.best_model_checkpoint,
      );
      for (const dir of doomed) await remove(ctx, dir);
    });
  },
});

async function completeCheckpoints({ args }: HookContext): Promise<string[]> {
  const all = await listCheckpoints(args.output_dir);
  return all.map((c) => c.path).filter((dir) => existsSync(join(dir, TRAINER_STATE_FILE)));
}

async function rotate(ctx: HookContext, limit: number | null): Promise<void> {
  if (limit === null || limit <= 0) return;
  const doomed = checkpointsToDelete(await completeCheckpoints(ctx), limit, ctx.state.best_model_checkpoint);
  for (const dir of doomed) await remove(ctx, dir);
}

async function remove(ctx: HookContext, dir: string): Promise<void> {
  ctx.trainer.logger(`Deleting older checkpoint [${dir}] due to args.save_total_limit`);
  // ".tmp-": the prefix of core's temporary folders, which no checkpoint listing takes for a checkpoint.
  const doomed = join(
    dirname(dir),
    `.tmp-deleting-${basename(dir)}-${process.pid}-${randomBytes(4).toString("hex")}`,
  );
  await rename(dir, doomed);
  await rm(doomed, { recursive: true, force: true });
}
