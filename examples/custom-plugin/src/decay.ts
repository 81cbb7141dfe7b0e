import type { ResolvedEmaOptions } from "./options.js";

/**
 * The decay used at the update after optimizer step `step` (1 for the first step). Until `update_after_step` steps
 * are done it is 0: the average is a copy of the weights, so averaging starts from the weights of that step rather
 * than from the initial ones.
 */
export function decayAt(
  step: number,
  options: Pick<ResolvedEmaOptions, "decay" | "update_after_step" | "warmup">,
) {
  const averagingStep = step - options.update_after_step;
  if (averagingStep <= 0) return 0;
  return options.warmup ? Math.min(options.decay, (1 + averagingStep) / (10 + averagingStep)) : options.decay;
}
