import type { Metrics } from "../hooks/context.js";
import type { LogEntry } from "../state/trainer-state.js";
import type { Trainer } from "../trainer.js";

/**
 * HF's _maybe_log_save_evaluate: acts on the flags plugins set at stepEnd / epochEnd. The logged loss is the mean
 * of the scaled step losses since the last log; learning_rate is the one the last optimizer step used.
 */
export async function maybeLogSaveEvaluate(
  trainer: Trainer,
  gradNorm?: number,
  learningRate?: number,
): Promise<void> {
  const { control, state, loop } = trainer;
  if (control.should_log && state.global_step > loop.globalstepLastLogged) {
    const logs: LogEntry = { loss: loop.trLoss / (state.global_step - loop.globalstepLastLogged) };
    if (gradNorm !== undefined) logs.grad_norm = gradNorm;
    logs.learning_rate = learningRate ?? currentLearningRate(trainer);
    loop.totalLossScalar += loop.trLoss;
    loop.trLoss = 0;
    loop.globalstepLastLogged = state.global_step;
    storeFlos(trainer);
    await trainer.log(logs);
  }
  if (control.should_evaluate) {
    const metrics = await evaluateDuringTraining(trainer);
    const isNewBest = determineBestMetric(trainer, metrics);
    if (trainer.args.save_strategy === "best") control.should_save = isNewBest;
  }
  if (control.should_save) {
    const checkpointDir = await trainer.saveCheckpoint();
    control.should_save = false;
    await trainer.hooks.save.promise(trainer.context(), { checkpointDir });
  }
}

export function storeFlos(trainer: Trainer): void {
  trainer.state.total_flos += trainer.loop.currentFlos;
  trainer.loop.currentFlos = 0;
}

export function currentLearningRate(trainer: Trainer): number {
  const { scheduler, optimizer } = trainer;
  if (scheduler && !scheduler.stepsOnMetric) return scheduler.getLastLr()[0];
  return optimizer?.paramGroups[0]?.lr ?? trainer.args.learning_rate;
}

/** evaluate(), then a metric-driven scheduler (reduce_lr_on_plateau) steps on metric_for_best_model. */
export async function evaluateDuringTraining(trainer: Trainer, skipScheduler = false): Promise<Metrics> {
  const metrics = await trainer.evaluate();
  const { scheduler, args } = trainer;
  if (scheduler?.stepsOnMetric && !skipScheduler) {
    const key = metricKey(args.metric_for_best_model ?? "loss");
    const value = metrics[key];
    if (value === undefined) {
      throw new Error(
        `reduce_lr_on_plateau steps on "${key}", which evaluation did not return (it has ${Object.keys(metrics).join(", ")})`,
      );
    }
    scheduler.step(value);
  }
  return metrics;
}

export function metricKey(name: string): string {
  return name.startsWith("eval_") ? name : `eval_${name}`;
}

/** HF's _determine_best_metric: records best_metric and best_global_step; true when this evaluation is a new best. */
export function determineBestMetric(trainer: Trainer, metrics: Metrics): boolean {
  const { args, state } = trainer;
  if (!args.metric_for_best_model) return false;
  const key = metricKey(args.metric_for_best_model);
  const value = metrics[key];
  if (value === undefined) {
    throw new Error(
      `metric_for_best_model: "${args.metric_for_best_model}" is not among the evaluation metrics (${Object.keys(metrics).join(", ")})`,
    );
  }
  const greater = args.greater_is_better ?? true;
  const best = state.best_metric ?? (greater ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY);
  if (greater ? value > best : value < best) {
    state.best_metric = value;
    state.best_global_step = state.global_step;
    return true;
  }
  return false;
}
