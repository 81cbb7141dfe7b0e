import type { IndexedColumn } from "@tfjs-trainer/core";
import { IGNORE_INDEX } from "@tfjs-trainer/data";

/** Ids into a table of the model (vocabulary, token types, positions): [0, size), no exception. */
export function idColumn(size: number, sizeField: string): IndexedColumn {
  return { size, sizeField };
}

/** Class or token labels: [0, size), or -100 for a position the loss ignores (HF's ignore index). */
export function labelColumn(size: number, sizeField: string): IndexedColumn {
  return { size, sizeField, ignoreIndex: IGNORE_INDEX };
}
