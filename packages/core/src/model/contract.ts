import type * as tf from "@tensorflow/tfjs";

/** A trainable weight under its Hugging Face name (e.g. `bert.encoder.layer.0.attention.self.query.weight`). */
export interface NamedParameter {
  name: string;
  variable: tf.Variable;
}

/** What a model's forward returns. `loss` is present when labels were given. */
export interface ModelOutput {
  loss?: tf.Scalar;
  logits?: tf.Tensor;
  [name: string]: tf.Tensor | undefined;
}

export interface ForwardOptions {
  /** Dropout and other train-only behaviour is active only when true. */
  training: boolean;
  /**
   * When set, the model normalises its loss by this item count (tokens with labels over the whole accumulation
   * window) instead of by the micro-batch's own count: HF's `num_items_in_batch`. Only given to models that declare
   * `acceptsLossKwargs`.
   */
  numItemsInBatch?: number;
  /** Seed for this forward's dropout masks, drawn by the trainer from its checkpointed RNG stream. */
  seed?: number;
}

/**
 * An integer column whose values index a table of the model (token ids, class labels): each value must lie in
 * [0, size), except `ignoreIndex`. tfjs's gather fails with an internal message on such a value, and its oneHot
 * silently gives a zero row, so the trainer checks these columns on the host before every step.
 */
export interface IndexedColumn {
  /** Values must lie in [0, size). */
  size: number;
  /** What sets `size`, as the user knows it: a config field (`num_labels`) or a dimension of the batch. */
  sizeField: string;
  /** A value allowed outside the range: -100 marks a label to ignore. */
  ignoreIndex?: number;
}

/**
 * The model contract: anything with a forward over named input tensors and named trainable variables.
 * `forward` must be synchronous (it runs inside tfjs's gradient function).
 */
export interface TrainableModel {
  forward(inputs: Record<string, tf.Tensor>, options: ForwardOptions): ModelOutput;
  /** Trainable weights with HF names, in a stable order. */
  namedParameters(): NamedParameter[];
  /** Input names the forward reads: remove_unused_columns drops every other column. */
  readonly inputNames: readonly string[];
  /** Columns holding labels (HF's label_names); default ["labels"]. QA heads: start_positions, end_positions. */
  readonly labelNames?: readonly string[];
  /** True when forward honours `numItemsInBatch` (HF: model_accepts_loss_kwargs). */
  readonly acceptsLossKwargs?: boolean;
  /** Items that count for the loss in a batch (HF: labels != -100). Defaults to that count on `labels`. */
  countItems?(batch: Record<string, { data: ArrayLike<number> }>): number;
  /**
   * The batch's integer columns that index a table of the model, given the batch's shapes (a multiple-choice head's
   * label range is the batch's number of choices). Columns absent from the batch are skipped.
   */
  indexedColumns?(shapes: Record<string, { shape: readonly number[] }>): Record<string, IndexedColumn>;
  /** The HF config (written as config.json); absent for models that have none. */
  readonly config?: object;
  /** Model type, e.g. `BertForSequenceClassification`, used to pick causal label shifting for label smoothing. */
  readonly modelClass?: string;
  /** Writes the model in HF format (config.json + model.safetensors). Core writes the variables when absent. */
  savePretrained?(dir: string): Promise<void>;
  /** Floating point operations of a training step on this batch (HF: 6 × tokens × parameters); 0 when unknown. */
  floatingPointOps?(batch: Record<string, { shape: number[] }>): number;
  dispose?(): void;
}
