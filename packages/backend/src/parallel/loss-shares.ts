import type { HostBatchLike } from "./host-batch.js";

/** The label value Hugging Face losses skip. */
const IGNORE_INDEX = -100;

/**
 * What a shard's mean loss averages over, by default: its labels that count (not -100) when it has a `labels`
 * column (token-level losses, as the trainer counts num_items_in_batch), otherwise its examples.
 */
export function defaultItemCount(shard: HostBatchLike): number {
  const labels = shard.labels;
  if (!labels) return Object.values(shard)[0]?.shape[0] ?? 0;
  let count = 0;
  for (const value of labels.data) if (value !== IGNORE_INDEX) count++;
  return count;
}

export interface LossShareOptions {
  /** The loss is already normalised by the whole window's item count (HF num_items_in_batch): shards just add. */
  normalisedByItems: boolean;
  /** Gradient accumulation steps the trainer divides a mean loss by (it does not when normalised by items). */
  accumulationSteps: number;
  /** What each shard's mean loss averages over; default `defaultItemCount`. */
  countItems?: (shard: HostBatchLike) => number;
}

/**
 * The factor each shard's loss is multiplied by so that the shards' weighted losses (and gradients) add up to the
 * whole batch's. A mean over the batch is the mean of the shards' means weighted by their item counts; a loss
 * already divided by the window's item count needs no weight. A shard with nothing to average over gets 0 (it
 * is not computed: its mean would be 0/0).
 */
export function lossShares(shards: readonly HostBatchLike[], options: LossShareOptions): number[] {
  if (options.normalisedByItems) return shards.map(() => 1);
  const count = options.countItems ?? defaultItemCount;
  const items = shards.map((shard) => count(shard));
  const total = items.reduce((a, b) => a + b, 0);
  if (total === 0) throw new Error("the batch has no item to average the loss over (every label is -100)");
  return items.map((n) => n / total / options.accumulationSteps);
}
