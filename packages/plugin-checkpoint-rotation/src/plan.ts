import { basename, resolve } from "node:path";

/**
 * Which checkpoints a save_total_limit deletes, given all of them oldest first: never the newest and never the best,
 * then the newest others up to the limit. HF's own rule can delete a better earlier checkpoint with limit 2 and
 * everything but the newest with limit 1 (HF issues #15089, #25129); here neither can happen.
 */
export function checkpointsToDelete(
  checkpoints: readonly string[],
  limit: number,
  best?: string | null,
): string[] {
  if (checkpoints.length === 0) return [];
  const newest = checkpoints[checkpoints.length - 1];
  const bestDir = findBest(checkpoints, best);
  const protectedOnes = new Set([newest, ...(bestDir ? [bestDir] : [])]);
  const room = Math.max(0, limit - protectedOnes.size);
  const others = checkpoints.filter((c) => !protectedOnes.has(c));
  return others.slice(0, Math.max(0, others.length - room));
}

/**
 * What is deleted when training ends: with limit 1, every checkpoint but the best (HF leaves only the best). When the
 * best is not among the checkpoints, nothing is deleted, so the newest stays.
 */
export function checkpointsToDeleteAtEnd(
  checkpoints: readonly string[],
  limit: number | null,
  best?: string | null,
): string[] {
  const bestDir = findBest(checkpoints, best);
  if (limit !== 1 || !bestDir) return [];
  return checkpoints.filter((c) => c !== bestDir);
}

/**
 * The checkpoint among `checkpoints` that `best` (state.best_model_checkpoint) names: the same folder, or the folder
 * of the same name when the recorded path is spelled differently or output_dir has moved since it was recorded (it is
 * always `<output_dir>/checkpoint-<step>`, and a resumed run keeps the value of the run that wrote it).
 */
export function findBest(checkpoints: readonly string[], best?: string | null): string | undefined {
  if (!best) return undefined;
  const path = resolve(best);
  return (
    checkpoints.find((c) => resolve(c) === path) ?? checkpoints.find((c) => basename(c) === basename(path))
  );
}
