import type { HostBatch } from "../host-tensor.js";
import { checkFeatures, isPresent } from "./feature-values.js";
import { stackField } from "./stack-field.js";
import type { Feature } from "./types.js";

const LABEL_KEYS = ["label", "label_ids"];

/**
 * HF's `default_data_collator`: stacks fields that already have equal shapes (no padding). A class label under
 * `label` (one number per row) or `label_ids` (a list per row) becomes `labels`; integer labels stay int32 and
 * float labels (regression) float32. Strings and null fields are dropped. Feature 0 decides the columns.
 */
export function defaultDataCollator(features: Feature[]): HostBatch {
  checkFeatures(features, "defaultDataCollator");
  const first = features[0];
  const batch: HostBatch = {};
  const labelKey = LABEL_KEYS.find((key) => isPresent(first, key));
  if (labelKey !== undefined) batch.labels = stackField(features, labelKey);
  for (const key of Object.keys(first)) {
    if (LABEL_KEYS.includes(key) || !isPresent(first, key) || typeof first[key] === "string") continue;
    batch[key] = stackField(features, key);
  }
  return batch;
}
