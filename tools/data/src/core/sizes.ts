import type { DatasetSize, SplitSizes } from "./types.js";

/** "A few dozen rows per split": what CI smoke tests train on. */
export const TINY: SplitSizes = { train: 48, validation: 24, test: 24 };

/** The default size is set per dataset: a few thousand short rows, for a tiny model trained in minutes on 2 cores. */
export function sizesOf(tiny: SplitSizes, byDefault: SplitSizes): Record<DatasetSize, SplitSizes> {
  return { tiny, default: byDefault };
}
