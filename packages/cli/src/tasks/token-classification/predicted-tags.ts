import type { HostTensor } from "tfjs-trainer";
import { argmaxLastAxis } from "../shared/argmax.js";
import type { TagSequence } from "./tagging-metrics.js";

/** Predicted tag ids [rows, width]: the argmax already taken on the device, or taken here from logits. */
export function predictedIds(predictions: HostTensor): { ids: ArrayLike<number>; width: number } {
  if (predictions.shape.length === 3)
    return { ids: argmaxLastAxis(predictions), width: predictions.shape[1] };
  if (predictions.shape.length === 2) return { ids: predictions.data, width: predictions.shape[1] };
  throw new Error(
    `token classification predictions must be [rows, tokens(, labels)], got [${predictions.shape}]`,
  );
}

/**
 * run_ner's true_predictions / true_labels: per row, the names of the tags at the positions whose label is not -100
 * (the first sub-token of each word, or every sub-token with label_all_tokens).
 */
export function labelledSequences(
  predictions: HostTensor,
  labels: HostTensor,
  names: readonly string[],
): { gold: TagSequence[]; predicted: TagSequence[] } {
  const { ids, width } = predictedIds(predictions);
  const [rows, labelWidth] = labels.shape;
  const gold: string[][] = [];
  const predicted: string[][] = [];
  for (let row = 0; row < rows; row++) {
    const goldRow: string[] = [];
    const predictedRow: string[] = [];
    for (let t = 0; t < labelWidth; t++) {
      const label = labels.data[row * labelWidth + t];
      if (label === -100) continue;
      const id = t < width ? ids[row * width + t] : -100;
      goldRow.push(nameOf(names, label));
      predictedRow.push(nameOf(names, id));
    }
    gold.push(goldRow);
    predicted.push(predictedRow);
  }
  return { gold, predicted };
}

export function nameOf(names: readonly string[], id: number): string {
  return names[id] ?? String(id);
}
