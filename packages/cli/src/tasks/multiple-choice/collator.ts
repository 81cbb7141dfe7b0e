import {
  type DataCollator,
  DataCollatorWithPadding,
  type Feature,
  type HostTensor,
  hostTensor,
} from "@tfjs-trainer/data";

export interface DataCollatorForMultipleChoiceOptions {
  padTokenId: number;
  padTokenTypeId?: number;
}

const NAME = "DataCollatorForMultipleChoice";

/**
 * run_swag's DataCollatorForMultipleChoice (not in @tfjs-trainer/data, as it is not in transformers): every choice
 * of every example is padded as one row of the batch, then the rows are regrouped per example, so input_ids,
 * attention_mask and token_type_ids are [batch, choices, longest choice] and labels [batch].
 */
export function DataCollatorForMultipleChoice(options: DataCollatorForMultipleChoiceOptions): DataCollator {
  const pad = DataCollatorWithPadding(options);
  return (features) => {
    if (features.length === 0) throw new Error(`${NAME}: no features to collate`);
    const labelKey = "label" in features[0] ? "label" : "labels";
    const choices = choiceCount(features[0], 0);
    const flat: Feature[] = [];
    features.forEach((feature, index) => {
      if (choiceCount(feature, index) !== choices) {
        throw new Error(
          `${NAME}: feature ${index}: "input_ids" has ${choiceCount(feature, index)} choices but feature 0 has ${choices}`,
        );
      }
      for (let c = 0; c < choices; c++) flat.push(choiceOf(feature, index, c, choices, labelKey));
    });
    const padded = pad(flat);
    const batch: Record<string, HostTensor> = {};
    for (const [key, tensor] of Object.entries(padded)) {
      batch[key] = { ...tensor, shape: [features.length, choices, ...tensor.shape.slice(1)] };
    }
    if (features[0][labelKey] !== undefined && features[0][labelKey] !== null) {
      batch.labels = hostTensor(
        "int32",
        [features.length],
        features.map((feature, index) => labelOf(feature, index, labelKey)),
      );
    }
    return batch;
  };
}

function choiceCount(feature: Feature, index: number): number {
  const ids = feature.input_ids;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every(Array.isArray)) {
    throw new Error(`${NAME}: feature ${index}: "input_ids" must be a list of choices, each a list of ids`);
  }
  return ids.length;
}

/** One choice's fields; strings and labels stay out (the labels are per example, not per choice). */
function choiceOf(
  feature: Feature,
  index: number,
  choice: number,
  choices: number,
  labelKey: string,
): Feature {
  const out: Feature = {};
  for (const [key, value] of Object.entries(feature)) {
    if (key === labelKey || typeof value === "string" || value === null || value === undefined) continue;
    if (!Array.isArray(value) || value.length !== choices) {
      throw new Error(`${NAME}: feature ${index}: "${key}" must hold one entry per choice (${choices})`);
    }
    out[key] = value[choice];
  }
  return out;
}

function labelOf(feature: Feature, index: number, labelKey: string): number {
  const label = feature[labelKey];
  if (!Number.isInteger(label)) {
    throw new Error(
      `${NAME}: feature ${index}: "${labelKey}" must be an integer, got ${JSON.stringify(label)}`,
    );
  }
  return label as number;
}
