import { z } from "zod";
import { SUPPORTED_OPTIM_NAMES } from "../optim/create-optimizer.js";
import { SCHEDULER_NAMES, type SchedulerName } from "../optim/get-scheduler.js";

// Field names, order and defaults follow Hugging Face transformers 5.x `TrainingArguments`, so an HF user's flags,
// YAML and training_args.json work unchanged. Only fields the tfjs Trainer acts on are declared; other HF fields
// are accepted and ignored (hf-ignored-fields.ts). The schema describes what users write; normalisation (report_to
// to a list, eval_steps falling back to logging_steps, ...) happens in resolve-training-arguments.ts.

export const INTERVAL_STRATEGIES = ["no", "steps", "epoch"] as const;
export type IntervalStrategy = (typeof INTERVAL_STRATEGIES)[number];

export const SAVE_STRATEGIES = ["no", "steps", "epoch", "best"] as const;
export type SaveStrategy = (typeof SAVE_STRATEGIES)[number];

/** The schedules and optimizers come from optim/, which implements them: one list each. */
export const SCHEDULER_TYPES = SCHEDULER_NAMES;
export type SchedulerType = SchedulerName;
export const OPTIMIZER_NAMES = SUPPORTED_OPTIM_NAMES;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

export const BACKEND_NAMES = ["auto", "cpu", "wasm", "webgpu", "tfjs-node", "tfjs-node-gpu"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export const LOG_LEVELS = ["debug", "info", "warning", "error", "critical", "passive"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const TRAIN_SAMPLING_STRATEGIES = ["random", "sequential", "group_by_length"] as const;
export type TrainSamplingStrategy = (typeof TRAIN_SAMPLING_STRATEGIES)[number];

export const INPUT_TOKENS_SEEN_MODES = ["no", "all", "non_padding"] as const;
export type InputTokensSeenMode = (typeof INPUT_TOKENS_SEEN_MODES)[number];

export const METRICS_INCLUSIONS = ["inputs", "loss"] as const;
export type MetricsInclusion = (typeof METRICS_INCLUSIONS)[number];

const positiveInteger = z.number().int().min(1);
const probability = z.number().min(0).lt(1);
/** An interval in optimizer steps: an integer, or a fraction in (0, 1) of the total number of steps. */
const stepInterval = z.number().min(0);

/** The schema of `TrainingArguments` as users write them (JSON, YAML, flags, or the constructor's argument). */
export const trainingArgumentsSchema = z.object({
  output_dir: z
    .string()
    .nullable()
    .default(null)
    .describe('Where checkpoints and the final model are written. Defaults to "trainer_output".'),
  per_device_train_batch_size: positiveInteger.default(8).describe("Examples per training micro-batch."),
  num_train_epochs: z
    .number()
    .min(0)
    .default(3)
    .describe("Epochs to train; a fractional part trains that share of the last epoch."),
  max_steps: z
    .number()
    .int()
    .min(-1)
    .default(-1)
    .describe("When positive, the number of optimizer steps to train; overrides num_train_epochs."),
  learning_rate: z.number().min(0).default(5e-5).describe("Peak learning rate of the optimizer."),
  lr_scheduler_type: z.enum(SCHEDULER_TYPES).default("linear").describe("Learning-rate schedule."),
  lr_scheduler_kwargs: z
    .union([z.record(z.string(), z.unknown()), z.string()])
    .nullable()
    .default(null)
    .describe("Extra schedule options, as an object or a JSON object string ('{\"num_cycles\": 2}')."),
  warmup_steps: z
    .number()
    .min(0)
    .default(0)
    .describe("Linear warmup: a number of steps, or a fraction in [0, 1) of the total steps."),
  optim: z
    .enum(OPTIMIZER_NAMES)
    .default("adamw_torch_fused")
    .describe("Optimizer (HF names; both AdamW names select AdamW)."),
  weight_decay: z
    .number()
    .min(0)
    .default(0)
    .describe("Decoupled weight decay, not applied to biases and LayerNorm weights."),
  adam_beta1: probability.default(0.9).describe("AdamW beta1."),
  adam_beta2: probability.default(0.999).describe("AdamW beta2."),
  adam_epsilon: z.number().min(0).default(1e-8).describe("AdamW epsilon."),
  gradient_accumulation_steps: positiveInteger
    .default(1)
    .describe("Micro-batches whose gradients are summed before each optimizer step."),
  max_grad_norm: z
    .number()
    .min(0)
    .default(1)
    .describe("Global gradient-norm clipping threshold; 0 disables it."),
  label_smoothing_factor: probability.default(0).describe("Label smoothing epsilon; 0 disables it."),
  logging_strategy: z.enum(INTERVAL_STRATEGIES).default("steps").describe("When to log training metrics."),
  logging_steps: stepInterval
    .default(500)
    .describe('Steps between logs when logging_strategy is "steps"; below 1, a fraction of the total steps.'),
  logging_first_step: z.boolean().default(false).describe("Also log after the first optimizer step."),
  logging_nan_inf_filter: z
    .boolean()
    .default(true)
    .describe("Leave NaN/Inf losses out of the logged running loss."),
  include_num_input_tokens_seen: z
    .union([z.enum(INPUT_TOKENS_SEEN_MODES), z.boolean()])
    .default("no")
    .describe('Count input tokens seen: "all", "non_padding" or "no" (true means "all").'),
  log_level: z.enum(LOG_LEVELS).default("passive").describe("Verbosity of the trainer's own messages."),
  disable_tqdm: z
    .boolean()
    .nullable()
    .default(null)
    .describe('Hide progress bars. Defaults to true when log_level is "error" or "critical".'),
  report_to: z
    .union([z.string(), z.array(z.string())])
    .nullable()
    .default("none")
    .describe('Integrations to report to (e.g. tensorboard wandb), "all" or "none".'),
  run_name: z
    .string()
    .nullable()
    .default(null)
    .describe("A name for the run, shown by reporting integrations."),
  eval_strategy: z.enum(INTERVAL_STRATEGIES).default("no").describe("When to evaluate during training."),
  eval_steps: stepInterval
    .nullable()
    .default(null)
    .describe('Steps between evaluations when eval_strategy is "steps"; defaults to logging_steps.'),
  eval_delay: z
    .number()
    .min(0)
    .default(0)
    .describe("Epochs or steps (per eval_strategy) to wait before the first evaluation."),
  per_device_eval_batch_size: positiveInteger.default(8).describe("Examples per evaluation batch."),
  prediction_loss_only: z
    .boolean()
    .default(false)
    .describe("Evaluation and prediction return only the loss."),
  eval_on_start: z.boolean().default(false).describe("Evaluate once before training starts."),
  eval_do_concat_batches: z
    .boolean()
    .default(true)
    .describe("Concatenate predictions across batches (false keeps a list per batch)."),
  eval_accumulation_steps: positiveInteger
    .nullable()
    .default(null)
    .describe("Batches of predictions gathered before moving them off the device."),
  include_for_metrics: z
    .array(z.enum(METRICS_INCLUSIONS))
    .default([])
    .describe("Extra data handed to compute_metrics: inputs, loss."),
  batch_eval_metrics: z
    .boolean()
    .default(false)
    .describe("Call compute_metrics per batch instead of once on all predictions."),
  save_only_model: z
    .boolean()
    .default(false)
    .describe("Checkpoints hold only the model (no optimizer, scheduler or RNG state: no resume)."),
  save_strategy: z.enum(SAVE_STRATEGIES).default("steps").describe("When to save checkpoints."),
  save_steps: stepInterval
    .default(500)
    .describe(
      'Steps between checkpoints when save_strategy is "steps"; below 1, a fraction of the total steps.',
    ),
  save_total_limit: z
    .number()
    .int()
    .min(0)
    .nullable()
    .default(null)
    .describe("Most checkpoints kept in output_dir (the best one is always kept)."),
  load_best_model_at_end: z
    .boolean()
    .default(false)
    .describe("Load the best checkpoint (by metric_for_best_model) when training ends."),
  metric_for_best_model: z
    .string()
    .nullable()
    .default(null)
    .describe('Metric that ranks checkpoints, with or without the "eval_" prefix.'),
  greater_is_better: z
    .boolean()
    .nullable()
    .default(null)
    .describe('Whether a higher metric is better; defaults to false for names ending in "loss".'),
  ignore_data_skip: z
    .boolean()
    .default(false)
    .describe("On resume, start the epoch's data from the beginning instead of skipping seen batches."),
  restore_callback_states_from_checkpoint: z
    .boolean()
    .default(false)
    .describe("On resume, restore plugin states saved in the checkpoint."),
  seed: z.number().int().default(42).describe("Random seed set at the start of training."),
  data_seed: z.number().int().nullable().default(null).describe("Seed of data sampling; defaults to seed."),
  dataloader_drop_last: z.boolean().default(false).describe("Drop the last incomplete batch."),
  remove_unused_columns: z
    .boolean()
    .default(true)
    .describe("Drop dataset columns the model's forward does not read."),
  label_names: z
    .array(z.string())
    .nullable()
    .default(null)
    .describe("Input keys holding the labels (defaults to the model's)."),
  train_sampling_strategy: z
    .enum(TRAIN_SAMPLING_STRATEGIES)
    .default("random")
    .describe("Order of training examples."),
  length_column_name: z
    .string()
    .default("length")
    .describe('Column of precomputed lengths for "group_by_length" sampling.'),
  do_train: z.boolean().default(false).describe("Run training (read by scripts, not by the Trainer)."),
  do_eval: z
    .boolean()
    .default(false)
    .describe('Run evaluation (read by scripts); set when eval_strategy is not "no".'),
  do_predict: z.boolean().default(false).describe("Run prediction on the test set (read by scripts)."),
  resume_from_checkpoint: z
    .union([z.string(), z.boolean()])
    .nullable()
    .default(null)
    .describe("A checkpoint folder to resume from, or true for the newest one in output_dir."),

  // Ours, not HF's.
  logging_dir: z
    .string()
    .nullable()
    .default(null)
    .describe("TensorBoard folder. HF 5.x removed this field; null lets the TensorBoard plugin choose."),
  backend: z
    .enum(BACKEND_NAMES)
    .default("auto")
    .describe("TensorFlow.js backend; auto picks the fastest available."),
  data_parallel_workers: z
    .number()
    .int()
    .min(1)
    .default(1)
    .describe(
      "Worker threads that compute each step's gradients, each on its share of the batch (wasm or cpu backend, " +
        "one per core); 1 computes them in this thread. Results equal one thread's up to float summation order.",
    ),
  overwrite_output_dir: z
    .boolean()
    .default(false)
    .describe(
      "Train from scratch even though output_dir holds checkpoints (a checkpoint of the same step is replaced). " +
        "Without it, train() refuses such an output_dir unless resuming. HF 4.x's field, which 5.x removed.",
    ),
  skip_nonfinite_updates: z
    .boolean()
    .default(false)
    .describe(
      "Skip the optimizer update and the scheduler step of a step whose loss or gradient norm is NaN or infinite, " +
        "so one bad batch does not turn every weight into NaN (the step still counts).",
    ),

  // Accepted from transformers 4.x configs and mapped onto their 5.x replacements, with a warning.
  warmup_ratio: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .meta({ deprecated: true })
    .describe("Removed in transformers 5.x: use warmup_steps with a fraction."),
  group_by_length: z
    .boolean()
    .optional()
    .meta({ deprecated: true })
    .describe('Removed in transformers 5.x: use train_sampling_strategy "group_by_length".'),
  evaluation_strategy: z
    .enum(INTERVAL_STRATEGIES)
    .optional()
    .meta({ deprecated: true })
    .describe("Renamed eval_strategy in transformers 4.46."),
  include_inputs_for_metrics: z
    .boolean()
    .optional()
    .meta({ deprecated: true })
    .describe('Removed in transformers 5.x: use include_for_metrics ["inputs"].'),
});

export type TrainingArgumentsSchema = typeof trainingArgumentsSchema;

/** What the constructor accepts: any subset of the fields, in the forms HF accepts. */
export type TrainingArgumentsInit = z.input<TrainingArgumentsSchema>;

/** Names accepted only as input, mapped onto 5.x fields and absent from `toDict()`. */
export const LEGACY_FIELD_NAMES = [
  "warmup_ratio",
  "group_by_length",
  "evaluation_strategy",
  "include_inputs_for_metrics",
] as const;
export type LegacyFieldName = (typeof LEGACY_FIELD_NAMES)[number];
