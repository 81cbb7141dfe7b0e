import type { DataCollator } from "@tfjs-trainer/data";
import type { PreTrainedTokenizer } from "@tfjs-trainer/tokenizers";
import type {
  ComputeMetrics,
  Dataset,
  Metrics,
  PluginSpec,
  PredictionOutput,
  TrainableModel,
  Trainer,
  TrainerOptions,
  TrainingArguments,
} from "tfjs-trainer";
import type { z } from "zod";

/** One example as read from a data file. */
export type Row = Record<string, unknown>;

/** The data files' rows by split (HF datasets' train / validation / test). */
export interface RawSplits {
  train?: Row[];
  validation?: Row[];
  test?: Row[];
}

/** The `data:` field naming each split's file: how errors about a row say where it came from. */
export const SPLIT_FILE_FIELDS: Readonly<Record<keyof RawSplits, string>> = {
  train: "data.train_file",
  validation: "data.validation_file",
  test: "data.test_file",
};

export interface TaskContext<Data> {
  /** The config's `data:` section, validated by the task's schema. */
  data: Data;
  splits: RawSplits;
  /** Present for every task that reads text. */
  tokenizer: PreTrainedTokenizer | undefined;
  args: TrainingArguments;
  /** The config of the checkpoint the run starts from (its labels, sizes), when it starts from one. */
  pretrainedConfig: Record<string, unknown> | undefined;
  log(message: string): void;
}

/** What a task hands the Trainer, built from the data. */
export interface PreparedTask {
  /** HF config fields the model takes from the data and tokenizer (num_labels, id2label, vocab_size …). */
  modelConfig: Record<string, unknown>;
  train?: Dataset;
  validation?: Dataset;
  test?: Dataset;
  dataCollator: DataCollator;
  computeMetrics?: ComputeMetrics;
  preprocessLogitsForMetrics?: TrainerOptions["preprocessLogitsForMetrics"];
  /** Plugins the task needs (generation in evaluation, QA postprocessing), added to the config's. */
  plugins?: PluginSpec[];
  /**
   * Metrics an HF script adds after evaluate from the evaluation's own (run_clm / run_mlm: perplexity =
   * exp(eval_loss)), without the split prefix; saved and printed with the rest.
   */
  metricsAfterEvaluation?(metrics: Metrics, split: "eval" | "test"): Metrics;
  /** A trivial predictor's scores on the validation split, keyed like the evaluation metrics (without "eval_"). */
  baseline?: { name: string; metrics: Record<string, number> };
  /**
   * Builds a model that is not an HF architecture (a tfjs-layers model); default: @tfjs-trainer/models. With
   * `model.name_or_path`, it gets that folder's config.json and the CLI loads model.safetensors by parameter name.
   */
  buildModel?(config: Record<string, unknown>, seed: number): Promise<TrainableModel>;
  /**
   * Writes `predict` results in HF's example-script format; returns the file written. `trainer` ran the prediction:
   * what its plugins derived from it (QA answers) is read from there.
   */
  writePredictions?(output: PredictionOutput, dir: string, trainer: Trainer): Promise<string>;
}

/** One HF example script's task: which columns it reads, which model it trains, how it scores. */
export interface Task<Schema extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  /** The HF example script it mirrors, for the help text. */
  readonly hfScript: string;
  readonly description: string;
  /** The task's own `data:` fields (columns, lengths); merged with the fields every task has. */
  readonly dataSchema: Schema;
  /** Architecture trained from scratch when the config names none. */
  readonly defaultArchitecture: string;
  /** Tokenizer model trained when the config asks for one without naming it; undefined: the task reads no text. */
  readonly tokenizerModel?: "wordpiece" | "bpe";
  /**
   * The arguments class the config's top-level fields are parsed into when the HF script uses a subclass
   * (Seq2SeqTrainingArguments: predict_with_generate, generation_max_length …); default TrainingArguments.
   */
  readonly trainingArguments?: typeof TrainingArguments;
  /** Columns every row of every split must have, by the `data:` field naming each (checked before anything is built). */
  requiredColumns(data: z.output<Schema>, split: keyof RawSplits): Record<string, string>;
  /** The texts of one row a tokenizer is trained on. */
  texts?(row: Row, data: z.output<Schema>): string[];
  prepare(context: TaskContext<z.output<Schema>>): Promise<PreparedTask>;
}

/** Typed helper for task modules: checks the object against Task while keeping its schema's type. */
export function defineTask<Schema extends z.ZodObject>(task: Task<Schema>): Task<Schema> {
  return task;
}
