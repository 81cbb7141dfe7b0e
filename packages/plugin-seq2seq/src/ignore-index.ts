import type { EvalLoopOutput, HostOutputs } from "@tfjs-trainer/core";
import { type HostTensor, IGNORE_INDEX } from "@tfjs-trainer/data";
import type { ReplaceIgnoreIndex } from "./options.js";

/**
 * -100 replaced by `padTokenId` in integer ids (a copy; float arrays such as logits are returned unchanged). A
 * tokenizer cannot decode -100, which the evaluation loop writes where batches of different widths meet and the
 * collator writes into labels: HF issue #22634.
 */
export function replaceIgnoreIndex(tensor: HostTensor, padTokenId: number): HostTensor {
  if (tensor.dtype !== "int32") return tensor;
  const data = Int32Array.from(tensor.data, (v) => (v === IGNORE_INDEX ? padTokenId : v));
  return { dtype: tensor.dtype, shape: [...tensor.shape], data };
}

function replaceIn(outputs: HostOutputs | undefined, padTokenId: () => number): HostOutputs | undefined {
  if (outputs === undefined) return undefined;
  return Array.isArray(outputs)
    ? outputs.map((t) => replaceIgnoreIndex(t, padTokenId()))
    : replaceIgnoreIndex(outputs, padTokenId());
}

/** The evaluation loop's output with -100 replaced where `where` says. */
export function withIgnoreIndexReplaced(
  output: EvalLoopOutput,
  where: ReplaceIgnoreIndex,
  padTokenId: () => number,
): EvalLoopOutput {
  const predictions = where === "predictions" || where === "both";
  const labels = where === "labels" || where === "both";
  if (!predictions && !labels) return output;
  return {
    ...output,
    predictions: predictions ? replaceIn(output.predictions, padTokenId) : output.predictions,
    label_ids: labels ? replaceIn(output.label_ids, padTokenId) : output.label_ids,
  };
}
