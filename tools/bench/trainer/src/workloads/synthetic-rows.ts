import type { Dataset, IterableDataset } from "@tfjs-trainer/core";

/** A tokenised example as a dataset row holds it (what defaultDataCollator stacks); a type, so it is a Feature. */
export type TextRow = {
  input_ids: number[];
  attention_mask: number[];
  /** One class per row, or one per token (token classification). */
  label: number | number[];
};

export interface RowShape {
  seq: number;
  vocab: number;
  numLabels: number;
  /** A label per token instead of one per row. */
  tokenLabels?: boolean;
}

/** A small integer hash (splitmix-like), so row i is the same in every process without storing any row. */
function hash(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

/** Row `index`: pseudo-random token ids and label(s), every token attended. */
export function syntheticRow(index: number, shape: RowShape): TextRow {
  const ids = Array.from({ length: shape.seq }, (_, t) => hash(index, t) % shape.vocab);
  const label = shape.tokenLabels ? ids.map((id) => id % shape.numLabels) : hash(index, -1) % shape.numLabels;
  return { input_ids: ids, attention_mask: new Array<number>(shape.seq).fill(1), label };
}

/**
 * Rows made when asked for, as a dataset read lazily from disk would give them: a million-row dataset costs no
 * memory until its rows are read.
 */
export class SyntheticDataset implements Dataset<TextRow> {
  readonly columnNames = ["input_ids", "attention_mask", "label"] as const;

  constructor(
    readonly length: number,
    readonly shape: RowShape,
  ) {}

  get(index: number): TextRow {
    if (!(index >= 0 && index < this.length))
      throw new RangeError(`dataset index ${index} out of range (length ${this.length})`);
    return syntheticRow(index, this.shape);
  }
}

/** The same rows without random access: a stream read from the start (skipping costs reading). */
export function syntheticStream(length: number, shape: RowShape): IterableDataset<TextRow> {
  return {
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < length; i++) yield syntheticRow(i, shape);
    },
  };
}

/** The rows held in memory (a small training set: the step comparisons read the same objects every run). */
export function materialise(length: number, shape: RowShape): TextRow[] {
  return Array.from({ length }, (_, i) => syntheticRow(i, shape));
}
