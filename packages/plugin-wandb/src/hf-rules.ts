import type { TrainableModel, TrainingArguments } from "@tfjs-trainer/core";

/** HF's WandbCallback keeps these end-of-training figures in the run summary, not in the history. */
export const SINGLE_VALUE_SCALARS: readonly string[] = [
  "train_runtime",
  "train_samples_per_second",
  "train_steps_per_second",
  "train_loss",
  "total_flos",
];

/** The history key HF declares as every metric's x axis (define_metric). */
export const STEP_METRIC = "train/global_step";

/** HF's rewrite_logs: `eval_x` → `eval/x`, `test_x` → `test/x`, anything else → `train/x`. */
export function rewriteLogs(logs: Record<string, unknown>): Record<string, unknown> {
  const rewritten: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(logs)) {
    if (key.startsWith("eval_")) rewritten[`eval/${key.slice(5)}`] = value;
    else if (key.startsWith("test_")) rewritten[`test/${key.slice(5)}`] = value;
    else rewritten[`train/${key}`] = value;
  }
  return rewritten;
}

/** HF's on_log split: single-value scalars go to the summary, the rest (rewritten) to the history. */
export function splitLogs(logs: Record<string, unknown>): {
  history: Record<string, unknown>;
  summary: Record<string, unknown>;
} {
  const summary: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(logs)) {
    if (SINGLE_VALUE_SCALARS.includes(key)) summary[key] = value;
    else rest[key] = value;
  }
  return { history: rewriteLogs(rest), summary };
}

/**
 * The run config as HF's WandbCallback.setup builds it: the model's config, then every training argument (an argument
 * wins over a model config key of the same name), then `model/num_parameters`.
 */
export function runConfig(model: TrainableModel, args: TrainingArguments): Record<string, unknown> {
  const modelConfig =
    model.config && typeof model.config === "object"
      ? toPlainJson(model.config as Record<string, unknown>)
      : {};
  const config: Record<string, unknown> = { ...modelConfig, ...toPlainJson(args.toDict()) };
  const numParameters = countParameters(model);
  if (numParameters !== undefined) config["model/num_parameters"] = numParameters;
  return config;
}

function countParameters(model: TrainableModel): number | undefined {
  try {
    return model.namedParameters().reduce((sum, p) => sum + p.variable.size, 0);
  } catch {
    return undefined;
  }
}

function toPlainJson(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/**
 * The run's display name: `run_name`, else the output folder (what HF's TrainingArguments defaulted run_name to
 * before 5.x; W&B would otherwise invent one).
 */
export function runDisplayName(args: TrainingArguments): string {
  return args.run_name ?? args.output_dir;
}
