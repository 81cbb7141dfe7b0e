import type { HostBatch } from "../host-tensor.js";
import { checkFeatures } from "./feature-values.js";
import { requireInteger, resolvePadding } from "./options.js";
import { padFeatures } from "./pad-features.js";
import type { DataCollator, PaddingOptions } from "./types.js";

export interface DataCollatorWithPaddingOptions extends PaddingOptions {
  /** Id input_ids are padded with. */
  padTokenId: number;
  /** Id token_type_ids are padded with; defaults to 0. */
  padTokenTypeId?: number;
}

const NAME = "DataCollatorWithPadding";

/**
 * HF's `DataCollatorWithPadding`: pads each batch to its own longest row (or `maxLength`), so short batches stay
 * cheap. Class labels under `label` or `label_ids` come out as `labels`, the name models read.
 */
export function DataCollatorWithPadding(options: DataCollatorWithPaddingOptions): DataCollator {
  const padTokenId = requireInteger(NAME, "padTokenId", options.padTokenId);
  const padTokenTypeId = requireInteger(NAME, "padTokenTypeId", options.padTokenTypeId ?? 0);
  const padding = resolvePadding(NAME, options);
  return (features) => {
    checkFeatures(features, NAME);
    return renameLabels(padFeatures(features, { ...padding, padTokenId, padTokenTypeId }));
  };
}

/** `label` then `label_ids` become `labels` (HF's order, so `label_ids` wins when a row has both). */
function renameLabels(batch: HostBatch): HostBatch {
  for (const key of ["label", "label_ids"]) {
    if (key in batch) {
      batch.labels = batch[key];
      delete batch[key];
    }
  }
  return batch;
}
