/** The step intervals that may be given as a fraction of the total number of optimizer steps. */
export type StepIntervalKind = "logging" | "eval" | "save";

/**
 * An interval in optimizer steps from its configured value: values below 1 are a fraction of `maxSteps`, rounded
 * up as HF's Trainer does when training starts (math.ceil, in the same float arithmetic).
 */
export function stepsFromInterval(interval: number, maxSteps: number): number {
  return interval < 1 ? Math.ceil(maxSteps * interval) : interval;
}

/** HF's get_warmup_steps: a whole number of steps, or a fraction of the training steps rounded up. */
export function warmupStepsFor(warmupSteps: number, numTrainingSteps: number): number {
  return warmupSteps >= 1 ? Math.trunc(warmupSteps) : Math.ceil(numTrainingSteps * warmupSteps);
}
