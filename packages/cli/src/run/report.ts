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
  if (!baseline || split === "train") return;
  for (const [name, value] of Object.entries(baseline.metrics)) {
    const ours = metrics[`${split}_${name}`];
    if (typeof ours !== "number") continue;
    const verdict = ours > value ? "above" : ours === value ? "equal to" : "below";
    print(
      `${split}_${name}: ${format(ours)} (baseline, ${baseline.name}: ${format(value)}; ${verdict} the baseline)`,
    );
  }
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}
