import type { HostTensor } from "../host-tensor.js";
import { featureError } from "./feature-values.js";
import type { ResolvedPadding } from "./options.js";
import type { PaddingSide } from "./types.js";

/**
 * The width rows are padded to, or `undefined` when padding is off. As in HF's `tokenizer.pad`: `"longest"` ignores
 * `maxLength`, and the multiple rounds up whatever width the strategy chose.
 */
export function paddedLength(lengths: readonly number[], padding: ResolvedPadding): number | undefined {
  if (padding.padding === false) return undefined;
  let length =
    padding.padding === "max_length"
      ? (padding.maxLength as number)
      : lengths.reduce((a, b) => Math.max(a, b), 0);
  const multiple = padding.padToMultipleOf;
  if (multiple !== undefined && length % multiple !== 0) length = Math.ceil(length / multiple) * multiple;
  return length;
}

/**
 * One padded int32 column `[rows, width]` from variable-length rows. With `length` undefined (padding off) rows must
 * already agree; a row longer than `length` is an error, because padding never truncates (HF neither).
 */
export function padColumn(
  rows: readonly (readonly number[])[],
  key: string,
  fill: number,
  length: number | undefined,
  side: PaddingSide,
): HostTensor {
  const width = length ?? rows[0]?.length ?? 0;
  rows.forEach((row, index) => {
    if (length === undefined && row.length !== width) {
      throw featureError(
        index,
        key,
        `has length ${row.length} but feature 0 has ${width}, and padding is off`,
      );
    }
    if (row.length > width) {
      throw featureError(
        index,
        key,
        `has length ${row.length}, more than the padded length ${width} (padding never truncates)`,
      );
    }
  });
  const data = new Int32Array(rows.length * width).fill(fill);
  rows.forEach((row, index) => {
    data.set(row, index * width + (side === "left" ? width - row.length : 0));
  });
  return { dtype: "int32", shape: [rows.length, width], data };
}
