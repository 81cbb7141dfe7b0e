import type { Dataset } from "@tfjs-trainer/core";
import type { Feature } from "@tfjs-trainer/data";
import type { QaExample, QaFeatureMeta, QaValidationFeature } from "./types.js";

/** Columns postprocessing reads and the model never sees. */
export const QA_META_COLUMNS: readonly string[] = ["example_id", "offset_mapping", "token_is_max_context"];

const BRAND = Symbol.for("@tfjs-trainer/plugin-qa:QaEvalDataset");

/**
 * Validation features to evaluate or predict on, with the raw examples they come from (HF's `eval_dataset` +
 * `eval_examples`, or `predict_dataset` + `predict_examples`). Rows handed to the loader hold only the model's
 * columns, so any collator works and remove_unused_columns does not matter; the QA plugin reads example ids and offset
 * mappings from `features` and the answers from `examples`.
 */
export class QaEvalDataset implements Dataset<Feature> {
  readonly [BRAND] = true;
  readonly columnNames: readonly string[];

  constructor(
    readonly features: readonly QaValidationFeature[],
    /** The examples of these features (all of them, in order: each gets a prediction). */
    readonly examples?: readonly QaExample[],
  ) {
    this.columnNames =
      features.length > 0 ? Object.keys(features[0]).filter((k) => !QA_META_COLUMNS.includes(k)) : [];
  }

  static is(value: unknown): value is QaEvalDataset {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  get length(): number {
    return this.features.length;
  }

  get(index: number): Feature {
    const feature = this.features[index];
    if (feature === undefined) {
      throw new RangeError(`dataset index ${index} out of range (length ${this.features.length})`);
    }
    const row: Feature = {};
    for (const [key, value] of Object.entries(feature)) {
      if (!QA_META_COLUMNS.includes(key)) row[key] = value as Feature[string];
    }
    return row;
  }
}

/** Checks that a row carries what postprocessing needs; returns it typed. */
export function asFeatureMeta(row: unknown, index: number): QaFeatureMeta {
  const r = row as Partial<QaFeatureMeta> | undefined;
  if (
    !r ||
    (typeof r.example_id !== "string" && typeof r.example_id !== "number") ||
    !Array.isArray(r.offset_mapping)
  ) {
    throw new Error(
      `QA postprocessing: feature ${index} has no example_id / offset_mapping (evaluate on a QaEvalDataset, or ` +
        "give the plugin `features`)",
    );
  }
  return r as QaFeatureMeta;
}
