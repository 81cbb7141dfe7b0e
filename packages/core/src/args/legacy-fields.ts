import type { ResolveContext } from "./resolve-context.js";
import type {
  IntervalStrategy,
  MetricsInclusion,
  TrainSamplingStrategy,
} from "./training-arguments-schema.js";

/** The fields legacy names map onto, as parsed (before the 5.x rules run). */
export interface LegacyTargets {
  eval_strategy: IntervalStrategy;
  warmup_steps: number;
  train_sampling_strategy: TrainSamplingStrategy;
  include_for_metrics: MetricsInclusion[];
}

export interface LegacyValues {
  warmup_ratio?: number;
  group_by_length?: boolean;
  evaluation_strategy?: IntervalStrategy;
  include_inputs_for_metrics?: boolean;
}

/**
 * Maps transformers 4.x names onto their 5.x replacements so 4.x configs keep working, with a warning each. Giving
 * both the old and the new name with different meanings is an error rather than a silent precedence rule.
 */
export function applyLegacyFields(
  values: LegacyValues,
  target: LegacyTargets,
  context: ResolveContext,
): void {
  const { label, fail, warn, given } = context;

  if (values.evaluation_strategy !== undefined) {
    if (given("eval_strategy") && target.eval_strategy !== values.evaluation_strategy) {
      fail(
        "evaluation_strategy",
        `${label("evaluation_strategy")} is the pre-4.46 name of ${label("eval_strategy")}; give only ` +
          `${label("eval_strategy")} (they disagree: "${values.evaluation_strategy}" and "${target.eval_strategy}")`,
      );
    }
    warn(
      "evaluation_strategy",
      `${label("evaluation_strategy")} was renamed ${label("eval_strategy")} in transformers 4.46; using it as eval_strategy`,
    );
    target.eval_strategy = values.evaluation_strategy;
  }

  if (values.warmup_ratio !== undefined) {
    const ratio = values.warmup_ratio;
    if (ratio > 0 && given("warmup_steps") && target.warmup_steps !== 0) {
      fail(
        "warmup_ratio",
        `give either ${label("warmup_ratio")} (${ratio}) or ${label("warmup_steps")} (${target.warmup_steps}), ` +
          "not both: transformers 5.x reads a fraction in warmup_steps as a ratio",
      );
    }
    if (ratio >= 1) {
      fail(
        "warmup_ratio",
        `${label("warmup_ratio")} ${ratio} cannot become a warmup_steps fraction (fractions are below 1); ` +
          `set ${label("warmup_steps")} to the total number of training steps instead`,
      );
    }
    warn(
      "warmup_ratio",
      `${label("warmup_ratio")} was removed in transformers 5.x; using it as warmup_steps ${ratio} (a ratio)`,
    );
    if (ratio > 0) target.warmup_steps = ratio;
  }

  if (values.group_by_length !== undefined) {
    if (values.group_by_length) {
      if (given("train_sampling_strategy") && target.train_sampling_strategy !== "group_by_length") {
        fail(
          "group_by_length",
          `${label("group_by_length")} contradicts ${label("train_sampling_strategy")} "${target.train_sampling_strategy}"`,
        );
      }
      target.train_sampling_strategy = "group_by_length";
    }
    warn(
      "group_by_length",
      `${label("group_by_length")} was removed in transformers 5.x; use train_sampling_strategy "group_by_length"`,
    );
  }

  if (values.include_inputs_for_metrics !== undefined) {
    if (values.include_inputs_for_metrics && !target.include_for_metrics.includes("inputs")) {
      target.include_for_metrics = [...target.include_for_metrics, "inputs"];
    }
    warn(
      "include_inputs_for_metrics",
      `${label("include_inputs_for_metrics")} was removed in transformers 5.x; use include_for_metrics ["inputs"]`,
    );
  }
}
