import { z } from "zod";

/** The plugin's options; a config writes them as `[@tfjs-trainer/example-ema-plugin, { decay: 0.99 }]`. */
export const emaOptions = z
  .object({
    decay: z
      .number()
      .min(0)
      .max(1)
      .default(0.999)
      .describe(
        "Weight of the running average at each update: average = decay·average + (1 − decay)·weights.",
      ),
    update_after_step: z
      .number()
      .int()
      .nonnegative()
      .default(0)
      .describe(
        "Optimizer steps during which the average is the weights themselves; averaging starts after them.",
      ),
    use_for_evaluation: z
      .boolean()
      .default(true)
      .describe(
        "Evaluate and predict with the averaged weights: swapped in for the evaluation, swapped back after.",
      ),
    warmup: z
      .boolean()
      .default(false)
      .describe(
        "Use min(decay, (1 + n) / (10 + n)) at the n-th averaging step (TensorFlow's num_updates rule).",
      ),
    copy_to_model_at_end: z
      .boolean()
      .default(false)
      .describe(
        "At the end of training, write the averaged weights into the model, so the saved model is the average.",
      ),
  })
  .strict()
  .describe(
    "Exponential moving average of the trainable weights, swapped in for evaluation and kept in checkpoints.",
  );

export type EmaWeightsOptions = z.input<typeof emaOptions>;
export type ResolvedEmaOptions = z.output<typeof emaOptions>;
