import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ComputeMetrics } from "tfjs-trainer";
import type { PreparedTask, Row } from "../task.js";
import { argmaxLastAxis, firstOutput } from "./argmax.js";
import { mostFrequent } from "./labels.js";

/** Share of positions where the predicted class id equals the label (HF evaluate's "accuracy"). */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (predicted.length !== labels.length) {
    throw new Error(`accuracy: ${predicted.length} predictions for ${labels.length} labels`);
  }
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}

/** run_glue's compute_metrics for one label per example: accuracy of the logits' argmax. */
export const accuracyOfArgmax: ComputeMetrics = ({ predictions, label_ids }) => ({
  accuracy: accuracy(argmaxLastAxis(firstOutput(predictions)), firstOutput(label_ids!).data),
});

/** Train's most frequent label, scored on validation: what a classifier that knows nothing gets. */
export function majorityClassBaseline(
  splits: { train?: Row[]; validation?: Row[] },
  labelColumn: string,
): PreparedTask["baseline"] {
  const majority = mostFrequent((splits.train ?? []).map((row) => String(row[labelColumn])));
  const validation = (splits.validation ?? []).map((row) => String(row[labelColumn]));
  if (majority === undefined || validation.length === 0) return undefined;
  return {
    name: `majority class "${majority}"`,
    metrics: { accuracy: validation.filter((label) => label === majority).length / validation.length },
  };
}

/** run_glue's predict_results.txt: a header, then `index<TAB>prediction` with each argmax named by `nameOf`. */
export function writePredictResults(
  nameOf: (classId: number) => string | number,
): NonNullable<PreparedTask["writePredictions"]> {
  return async (output, dir) => {
    const predicted = argmaxLastAxis(firstOutput(output.predictions!));
    const lines = ["index\tprediction", ...[...predicted].map((id, i) => `${i}\t${nameOf(id)}`)];
    const path = join(dir, "predict_results.txt");
    await writeFile(path, `${lines.join("\n")}\n`);
    return path;
  };
}
