import { logMetrics, type Metrics, saveMetrics } from "tfjs-trainer";
import type { PreparedTask } from "../tasks/task.js";

/**
 * Prints and saves a split's metrics as HF's example scripts do (`***** eval metrics *****`, eval_results.json),
 * with those the task adds after evaluate (perplexity), then the task's trivial baseline beside each metric it
 * also has, so the result reads against it.
 */
export async function reportMetrics(
  split: "train" | "eval" | "test",
  evaluated: Metrics,
  outputDir: string,
  prepared: PreparedTask,
  print: (line: string) => void,
): Promise<void> {
  const derived = split === "train" ? {} : (prepared.metricsAfterEvaluation?.(evaluated, split) ?? {});
  const metrics: Metrics = { ...evaluated };
  for (const [name, value] of Object.entries(derived)) metrics[`${split}_${name}`] = value;
  logMetrics(split, metrics);
  await saveMetrics(outputDir, split, metrics);
  const baseline = prepared.baseline;
  // the baseline is measured on the validation split: it reads against evaluation only
  if (!baseline || split !== "eval") return;
  for (const [name, value] of Object.entries(baseline.metrics)) {
    const ours = metrics[`${split}_${name}`];
    if (typeof ours !== "number") continue;
    const verdict =
      ours === value ? "equal to" : ours < value === lowerIsBetter(name) ? "better than" : "worse than";
    print(
      `${split}_${name}: ${format(ours)} (baseline, ${baseline.name}: ${format(value)}; ${verdict} the baseline)`,
    );
  }
}

/** HF's rule for metric_for_best_model (greater_is_better unless the name is a loss), with perplexity as a loss. */
function lowerIsBetter(name: string): boolean {
  return /loss|perplexity/.test(name);
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}
