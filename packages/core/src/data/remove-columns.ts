import type { DataCollator, Feature } from "@tfjs-trainer/data";

/** Column names HF keeps beside the model's inputs: the label names and their common aliases. */
const LABEL_ALIASES = ["label", "label_ids"];

/**
 * HF's remove_unused_columns: keep only what the model's forward reads (plus labels), dropping e.g. raw text before
 * collation. Fails naming the columns when nothing the model needs is left.
 */
export function removeUnusedColumns(
  collate: DataCollator,
  modelInputs: readonly string[],
  labelNames: readonly string[],
  datasetName: string,
): DataCollator {
  const keep = new Set([...modelInputs, ...labelNames, ...LABEL_ALIASES]);
  return (features: Feature[]) => {
    const kept = features.map((row) =>
      Object.fromEntries(Object.entries(row).filter(([key]) => keep.has(key))),
    );
    if (features.length > 0 && Object.keys(kept[0]).length === 0) {
      throw new Error(
        `${datasetName}: no column the model accepts (model inputs: ${modelInputs.join(", ")}; ` +
          `dataset columns: ${Object.keys(features[0]).join(", ")}). Rename the columns or set remove_unused_columns false.`,
      );
    }
    return collate(kept as Feature[]);
  };
}
