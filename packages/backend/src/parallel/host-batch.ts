/**
 * A batch as it crosses threads: plain typed arrays, no tfjs tensors. Structurally the same as
 * `@tfjs-trainer/data`'s HostBatch, which this package does not import (data and backend depend on tfjs only).
 */
export interface HostTensorLike {
  dtype: "int32" | "float32";
  shape: number[];
  data: Int32Array | Float32Array;
}

export type HostBatchLike = Record<string, HostTensorLike>;

/** The examples in a batch: the first dimension every column shares. */
export function batchSize(batch: HostBatchLike): number {
  const columns = Object.entries(batch);
  if (columns.length === 0) throw new Error("the batch has no columns");
  const sizes = new Set(columns.map(([, column]) => column.shape[0]));
  if (sizes.size !== 1 || columns[0][1].shape.length === 0) {
    const shapes = columns.map(([name, column]) => `${name} [${column.shape.join(", ")}]`).join(", ");
    throw new Error(`every column of a batch must share its first (example) dimension; got ${shapes}`);
  }
  return columns[0][1].shape[0];
}

/** How many examples each of `parts` contiguous shards gets: as even as possible, the first ones one more. */
export function shardSizes(examples: number, parts: number): number[] {
  const base = Math.floor(examples / parts);
  const extra = examples % parts;
  return Array.from({ length: parts }, (_, k) => base + (k < extra ? 1 : 0));
}

/**
 * Splits a batch along its examples into `parts` contiguous shards (shard k holds the rows after shard k-1's), so
 * the shards in order are the batch. Data is copied (`slice`): a posted subarray would carry its whole buffer.
 */
export function splitBatch(batch: HostBatchLike, parts: number): HostBatchLike[] {
  const sizes = shardSizes(batchSize(batch), parts);
  const shards: HostBatchLike[] = sizes.map(() => ({}));
  for (const [name, column] of Object.entries(batch)) {
    const rowLength = column.shape.slice(1).reduce((a, b) => a * b, 1);
    let start = 0;
    sizes.forEach((size, k) => {
      shards[k][name] = {
        dtype: column.dtype,
        shape: [size, ...column.shape.slice(1)],
        data: column.data.slice(start * rowLength, (start + size) * rowLength),
      };
      start += size;
    });
  }
  return shards;
}
