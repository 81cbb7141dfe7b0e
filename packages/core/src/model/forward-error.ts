import type * as tf from "@tensorflow/tfjs";
import type { ForwardOptions, ModelOutput, TrainableModel } from "./contract.js";

/** "input_ids int32 [2, 3], attention_mask int32 [2, 5]": what the forward was given, as the user can check it. */
export function describeInputs(inputs: Record<string, tf.Tensor | undefined>): string {
  const parts = Object.entries(inputs)
    .filter((entry): entry is [string, tf.Tensor] => entry[1] !== undefined)
    .map(([name, t]) => `${name} ${t.dtype} [${t.shape.join(", ")}]`);
  return parts.length > 0 ? parts.join(", ") : "no tensors";
}

/**
 * A model's forward failed. tfjs reports shape and dtype mistakes from deep inside an op ("Operands could not be
 * broadcast together with shapes 2,4,3,3 and 2,1,1,5"), naming nothing the user gave: this names the model and
 * every input with its dtype and shape, and keeps the original error as `cause`.
 */
export class ModelForwardError extends Error {
  constructor(
    readonly model: string,
    readonly inputs: string,
    override readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${model}.forward failed on the batch {${inputs}}: ${reason}`, { cause });
    this.name = "ModelForwardError";
  }
}

/** model.forward, with its errors wrapped in a {@link ModelForwardError}. */
export function forwardModel(
  model: TrainableModel,
  inputs: Record<string, tf.Tensor>,
  options: ForwardOptions,
): ModelOutput {
  try {
    return model.forward(inputs, options);
  } catch (error) {
    if (error instanceof ModelForwardError) throw error;
    throw new ModelForwardError(model.modelClass ?? "the model", describeInputs(inputs), error);
  }
}
