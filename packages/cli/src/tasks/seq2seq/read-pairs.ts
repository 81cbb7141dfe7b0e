import { type RawSplits, type Row, SPLIT_FILE_FIELDS } from "../task.js";
import type { TextPair } from "./encode-pairs.js";

/** Each split's rows read as pairs by `pairOf`, which names a bad row by `where` ("data.train_file row 3"). */
export function readPairs(
  splits: RawSplits,
  pairOf: (row: Row, split: keyof RawSplits, where: string) => TextPair,
): Partial<Record<keyof RawSplits, TextPair[]>> {
  const pairs: Partial<Record<keyof RawSplits, TextPair[]>> = {};
  for (const split of ["train", "validation", "test"] as const) {
    const rows = splits[split];
    if (rows)
      pairs[split] = rows.map((row, i) => pairOf(row, split, `${SPLIT_FILE_FIELDS[split]} row ${i + 1}`));
  }
  return pairs;
}
