import type * as tf from "@tensorflow/tfjs";
import type { ParameterLayout } from "./parameter-layout.js";
import { float32Values } from "./tensor-views.js";

/** A weight of the main thread's model, by name (a NamedParameter of the trainer's model contract fits). */
export interface WeightSource {
  name: string;
  variable: tf.Tensor;
}

/**
 * Writes the main thread's weights into the shared weights buffer, in the workers' layout. Every slot must be
 * given, with its shape; a name given twice must be the same tensor (a tied weight under its alias).
 */
export function writeWeights(
  layout: ParameterLayout,
  parameters: readonly WeightSource[],
  target: Float32Array,
): void {
  const byName = new Map(parameters.map((p) => [p.name, p.variable]));
  const written = new Set<tf.Tensor>();
  for (const { name, shape, offset } of layout.slots) {
    const tensor = byName.get(name);
    if (!tensor) throw new Error(`syncWeights: the workers' model has ${name}, the weights given lack it`);
    if (tensor.shape.join() !== shape.join() || tensor.dtype !== "float32") {
      throw new Error(
        `syncWeights: ${name} is ${tensor.dtype} [${tensor.shape.join(", ")}], the workers' is float32 [${shape.join(", ")}]`,
      );
    }
    target.set(float32Values(tensor), offset);
    written.add(tensor);
  }
  const unknown = parameters.find((p) => !written.has(p.variable));
  if (unknown) throw new Error(`syncWeights: ${unknown.name} is not a weight of the workers' model`);
}
