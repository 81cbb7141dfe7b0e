import { type HostBatch, IGNORE_INDEX } from "@tfjs-trainer/data";
import type { TrainableModel } from "../model/contract.js";

/** HF's num_items_in_batch: labels that count (not -100) over every micro-batch of the window. */
export function countItems(model: TrainableModel, batches: HostBatch[]): number | undefined {
  let total = 0;
  for (const batch of batches) {
    if (model.countItems) {
      total += model.countItems(batch);
      continue;
    }
    const labels = batch.labels;
    if (!labels) return undefined;
    for (const v of labels.data) if (v !== IGNORE_INDEX) total++;
  }
  return total;
}
