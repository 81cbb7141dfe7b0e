import type { HostBatch } from "@tfjs-trainer/data";
import type { IndexedColumn, TrainableModel } from "./contract.js";

/** A value of an integer column outside the table it indexes (a label >= num_labels, an id >= vocab_size). */
export class IndexOutOfRangeError extends Error {
  constructor(
    readonly column: string,
    readonly value: number,
    readonly position: readonly number[],
    readonly range: IndexedColumn,
    model: string,
  ) {
    const ignore = range.ignoreIndex === undefined ? "" : `, or ${range.ignoreIndex} to ignore a position`;
    super(
      `"${column}"[${position.join(", ")}] of the batch is ${value}: ${model} needs ${column} in ` +
        `[0, ${range.size}) (${range.sizeField} = ${range.size})${ignore}`,
    );
    this.name = "IndexOutOfRangeError";
  }
}

/** Row-major coordinates of a flat index. */
function coordinates(flat: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let rest = flat;
  for (let dim = shape.length - 1; dim >= 0; dim--) {
    out[dim] = rest % shape[dim];
    rest = Math.floor(rest / shape[dim]);
  }
  return out;
}

/**
 * Checks the integer columns the model declares against their ranges, on the host before the batch becomes tensors:
 * a value out of range would otherwise fail inside tfjs (gather) or give a wrong loss without a word (oneHot).
 */
export function checkIndexedColumns(model: TrainableModel, batch: HostBatch): void {
  const columns = model.indexedColumns?.(batch);
  if (!columns) return;
  for (const [name, range] of Object.entries(columns)) {
    const host = batch[name];
    // float columns are targets of other losses (regression, multi-label), not indices
    if (host?.dtype !== "int32") continue;
    const { data } = host;
    for (let i = 0; i < data.length; i++) {
      const value = data[i];
      if ((value < 0 || value >= range.size) && value !== range.ignoreIndex) {
        throw new IndexOutOfRangeError(
          name,
          value,
          coordinates(i, host.shape),
          range,
          model.modelClass ?? "the model",
        );
      }
    }
  }
}
