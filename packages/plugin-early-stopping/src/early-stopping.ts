import { definePlugin, type HookContext, type Metrics, STAGE_FLOW } from "@tfjs-trainer/core";
import { z } from "zod";

export const PLUGIN_NAME = "@tfjs-trainer/plugin-early-stopping";

const options = z.object({
  /** Evaluations without improvement before training stops (HF: early_stopping_patience). */
  patience: z.number().int().positive().default(1),
  /** How much better than the best a metric must be to count as an improvement (HF: early_stopping_threshold). */
  threshold: z.number().nonnegative().default(0),
});

/**
 * HF's EarlyStoppingCallback: after each evaluation, compares metric_for_best_model (with or without the eval_
 * prefix) with the best so far — before the core records this evaluation as the new best — and stops training after
 * `patience` evaluations without an improvement larger than `threshold`. The counter is saved in checkpoints
 * (stateful_callbacks.EarlyStoppingCallback, HF's key) and restored on resume.
 */
export default definePlugin({
  name: PLUGIN_NAME,
  options,
  stateKey: "EarlyStoppingCallback",
  apply(trainer, { patience, threshold }) {
    let counter = 0;
    trainer.hooks.trainBegin.tapPromise({ name: PLUGIN_NAME, stage: STAGE_FLOW }, async (ctx) =>
      checkArguments(ctx),
    );
    trainer.hooks.evaluate.tapPromise({ name: PLUGIN_NAME, stage: STAGE_FLOW }, async (ctx, metrics) => {
      const value = metricOf(ctx, metrics);
      if (value === undefined) return;
      const { state, args, control } = ctx;
      const greater = args.greater_is_better ?? true;
      const improved =
        state.best_metric === null ||
        ((greater ? value > state.best_metric : value < state.best_metric) &&
          Math.abs(value - state.best_metric) > threshold);
      counter = improved ? 0 : counter + 1;
      if (counter >= patience) control.should_training_stop = true;
    });
    return {
      state: () => ({
        args: { early_stopping_patience: patience, early_stopping_threshold: threshold },
        attributes: { early_stopping_patience_counter: counter },
      }),
      loadState: (saved) => {
        const value = saved.attributes.early_stopping_patience_counter;
        if (typeof value === "number") counter = value;
      },
    };
  },
});

function checkArguments({ args, trainer }: HookContext): void {
  if (!args.metric_for_best_model) {
    throw new Error(
      "early stopping needs metric_for_best_model (or load_best_model_at_end, which defaults it to loss)",
    );
  }
  if (args.eval_strategy === "no") throw new Error('early stopping needs an eval_strategy other than "no"');
  if (!args.load_best_model_at_end) {
    trainer.logger(
      "warning: early stopping without load_best_model_at_end keeps the weights of the last step, not the best ones",
    );
  }
}

function metricOf({ args, trainer }: HookContext, metrics: Metrics): number | undefined {
  const name = args.metric_for_best_model ?? "loss";
  const key = name.startsWith("eval_") ? name : `eval_${name}`;
  const value = metrics[key];
  if (value === undefined) {
    trainer.logger(
      `warning: early stopping needs "${key}", which this evaluation did not return; not checked`,
    );
  }
  return value;
}
