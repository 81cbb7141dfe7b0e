import type { HostBatch } from "../host-tensor.js";

/** A number, or a rectangular nested list of numbers (ids, masks, multiple-choice rows, float targets). */
export type NumericValue = number | readonly NumericValue[];

/**
 * One field of a dataset row. Strings (raw text kept next to the ids) are dropped by every collator, and so are
 * `null` / `undefined` fields: tensors cannot hold them, as in HF where such columns never reach the model.
 */
export type FeatureValue = NumericValue | string | null | undefined;

/** One dataset row, as a tokenizer or a dataset map produced it: `{ input_ids: [...], label: 2, text: "..." }`. */
export type Feature = Record<string, FeatureValue>;

/** Turns a list of rows into one batch of host tensors (one per column). */
export type DataCollator = (features: Feature[]) => HostBatch;

/** Which end of a sequence receives the padding (HF's `tokenizer.padding_side`). */
export type PaddingSide = "right" | "left";

/**
 * HF's padding strategies: `"longest"` pads to the longest row of the batch, `"max_length"` to `maxLength`, `false`
 * leaves rows as they are (they must then have equal lengths).
 */
export type PaddingStrategy = "longest" | "max_length" | false;

/** What every padding collator accepts about the padded width. */
export interface PaddingOptions {
  /** Defaults to `"longest"`. */
  padding?: PaddingStrategy;
  /** Width for `padding: "max_length"` (required then); padding never truncates a longer row. */
  maxLength?: number;
  /** Rounds the padded width up to a multiple of this (tensor-core friendly shapes, fewer distinct shapes). */
  padToMultipleOf?: number;
  /** Defaults to `"right"`. */
  paddingSide?: PaddingSide;
}
