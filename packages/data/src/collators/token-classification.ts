import { checkFeatures, isPresent, readIntegerList } from "./feature-values.js";
import { requireInteger, resolvePadding } from "./options.js";
import { padFeatures } from "./pad-features.js";
import { padColumn } from "./pad-sequences.js";
import type { DataCollator, PaddingOptions } from "./types.js";

export interface DataCollatorForTokenClassificationOptions extends PaddingOptions {
  /** Id input_ids are padded with. */
  padTokenId: number;
  /** Value labels are padded with; -100 (the default) is ignored by the loss. */
  labelPadTokenId?: number;
  /** Id token_type_ids are padded with; defaults to 0. */
  padTokenTypeId?: number;
}

const NAME = "DataCollatorForTokenClassification";

/**
 * HF's `DataCollatorForTokenClassification`: pads the inputs like `DataCollatorWithPadding`, then pads the per-token
 * labels (`labels`, or `label`) to the padded input width, so label i stays aligned with token i. The result is
 * always named `labels` (HF's torch path keeps the name `label`; models read `labels`).
 */
export function DataCollatorForTokenClassification(
  options: DataCollatorForTokenClassificationOptions,
): DataCollator {
  const padTokenId = requireInteger(NAME, "padTokenId", options.padTokenId);
  const labelPadTokenId = requireInteger(NAME, "labelPadTokenId", options.labelPadTokenId ?? -100);
  const padTokenTypeId = requireInteger(NAME, "padTokenTypeId", options.padTokenTypeId ?? 0);
  const padding = resolvePadding(NAME, options);

  return (features) => {
    checkFeatures(features, NAME);
    const labelKey = "label" in features[0] ? "label" : "labels";
    const batch = padFeatures(features, { ...padding, padTokenId, padTokenTypeId, skipKeys: [labelKey] });
    if (!isPresent(features[0], labelKey)) return batch;

    const labels = features.map((feature, index) => readIntegerList(feature, index, labelKey));
    const width = batch.input_ids.shape[1];
    batch.labels = padColumn(labels, labelKey, labelPadTokenId, width, padding.paddingSide);
    return batch;
  };
}
