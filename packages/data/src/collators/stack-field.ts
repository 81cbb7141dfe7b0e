import type { HostDType, HostTensor } from "../host-tensor.js";
import { featureError, flattenInto, formatShape, sameShape, shapeOf } from "./feature-values.js";
import type { Feature } from "./types.js";

/**
 * Stacks one field of every row into a tensor of shape `[batch, ...fieldShape]`. Rows must agree on the shape:
 * ragged fields need a padding collator. The dtype follows the values (all integers → int32, else float32), as
 * `torch.tensor` infers int64 / float32 from Python ints / floats.
 */
export function stackField(features: readonly Feature[], key: string, dtype?: HostDType): HostTensor {
  const values: number[] = [];
  let fieldShape: number[] | undefined;
  features.forEach((feature, index) => {
    const value = feature[key];
    if (value === undefined || value === null) throw featureError(index, key, "is missing");
    const shape = shapeOf(value);
    if (shape === undefined) {
      throw featureError(index, key, "must be a number or a rectangular list of numbers");
    }
    if (fieldShape === undefined) {
      fieldShape = shape;
    } else if (!sameShape(shape, fieldShape)) {
      throw featureError(
        index,
        key,
        `has shape ${formatShape(shape)} but feature 0 has ${formatShape(fieldShape)} (ragged fields need a padding collator)`,
      );
    }
    flattenInto(value, values);
  });
  const resolved: HostDType = dtype ?? (values.every((v) => Number.isInteger(v)) ? "int32" : "float32");
  const data = resolved === "int32" ? Int32Array.from(values) : Float32Array.from(values);
  return { dtype: resolved, shape: [features.length, ...(fieldShape ?? [])], data };
}
