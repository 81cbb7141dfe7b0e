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
  const protectedOnes = new Set([newest, ...(best && checkpoints.includes(best) ? [best] : [])]);
  const room = Math.max(0, limit - protectedOnes.size);
  const others = checkpoints.filter((c) => !protectedOnes.has(c));
  return others.slice(0, Math.max(0, others.length - room));
}
