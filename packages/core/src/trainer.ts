import type * as tf from "@tensorflow/tfjs";
import { type ModelSource, setupBackend } from "@tfjs-trainer/backend";
import { type DataCollator, defaultDataCollator, type HostBatch, SeededRng } from "@tfjs-trainer/data";
import { TrainingArguments, type TrainingArgumentsInit } from "./args/index.js";
import { saveModelFiles } from "./checkpoint/model-weights.js";
import { saveCheckpoint } from "./checkpoint/save-checkpoint.js";
import { type BatchSource, DataLoader, IterableBatchSource } from "./data/data-loader.js";
import { type AnyDataset, isIndexedDataset } from "./data/dataset.js";
import { removeUnusedColumns } from "./data/remove-columns.js";
import { LengthGroupedSampler, RandomSampler, type Sampler, SequentialSampler } from "./data/samplers.js";
import { evaluationLoop } from "./eval/evaluation-loop.js";
import { predictionStep } from "./eval/prediction-step.js";
import { speedMetrics } from "./eval/speed-metrics.js";
import type { ComputeMetrics, EvalLoopOutput, PredictionOutput, PredictionStepOutput } from "./eval/types.js";
import type { HookContext, Metrics, TensorBatch } from "./hooks/context.js";
import { createTrainerHooks, type StepContext, type TrainerHooks } from "./hooks/trainer-hooks.js";
import type { ModelOutput, TrainableModel } from "./model/contract.js";
import { createOptimizerFromArgs, getScheduler, type LRScheduler, type Optimizer } from "./optim/index.js";
import {
  PluginApplyError,
  type PluginHandle,
  type PluginSpec,
  toPluginInstance,
} from "./plugins/define-plugin.js";
import { TrainerControl } from "./state/trainer-control.js";
import { type LogEntry, TrainerState } from "./state/trainer-state.js";
import { computeLossWithHooks } from "./train/compute-loss.js";
import type { DataParallelRun } from "./train/data-parallel.js";
import { LoopState } from "./train/loop-state.js";
import { runTraining, type TrainOutput } from "./train/train-loop.js";
import { trainingStep } from "./train/training-step.js";

export interface TrainerOptions {
  model: TrainableModel;
  /** TrainingArguments, or the plain object (HF's field names) to build them from. */
  args: TrainingArguments | TrainingArgumentsInit;
  trainDataset?: AnyDataset;
  /** One dataset, or several by name (metrics then get `eval_<name>_` prefixes). */
  evalDataset?: AnyDataset | Record<string, AnyDataset>;
  /** Rows → host batch; default: defaultDataCollator. */
  dataCollator?: DataCollator;
  computeMetrics?: ComputeMetrics;
  /** Runs on each evaluation batch's logits before they are kept (e.g. argmax to save memory). */
  preprocessLogitsForMetrics?: (
    logits: tf.Tensor | tf.Tensor[],
    labels?: tf.Tensor | tf.Tensor[],
  ) => tf.Tensor | tf.Tensor[];
  /** Replaces the loss: (outputs, labels, numItemsInBatch) → scalar (HF's compute_loss_func). */
  computeLossFunc?: (outputs: ModelOutput, labels: tf.Tensor, numItemsInBatch?: number) => tf.Scalar;
  /** A ready optimizer and/or scheduler instead of the ones the arguments describe. */
  optimizers?: { optimizer?: Optimizer; scheduler?: LRScheduler };
  /** Plugins to apply; defaults to the class's `defaultPlugins`. */
  plugins?: PluginSpec[];
  /** Where info messages go (backend choice, warnings); default console.log. */
  logger?: (message: string) => void;
  /**
   * How each gradient worker builds the model when `data_parallel_workers` > 1 (a module, an export and its
   * arguments). Default: the model saved with its savePretrained and loaded with @tfjs-trainer/models' fromPretrained.
   */
  dataParallelModel?: ModelSource;
}

/**
 * The training loop (HF's Trainer), hooks-first: every callback point is a hook in `hooks`, and every override point
 * of HF's Trainer is a method a subclass may replace. The loop itself is in train/train-loop.ts; see the README.
 */
export class Trainer {
  /** Plugins a `new Trainer()` gets when it names none; an umbrella package sets its defaults here. */
  static defaultPlugins: PluginSpec[] = [];

  readonly hooks: TrainerHooks = createTrainerHooks();
  readonly args: TrainingArguments;
  readonly model: TrainableModel;
  state = new TrainerState();
  readonly control = new TrainerControl();
  optimizer?: Optimizer;
  scheduler?: LRScheduler;
  readonly trainDataset?: AnyDataset;
  readonly evalDataset?: AnyDataset | Record<string, AnyDataset>;
  readonly dataCollator: DataCollator;
  readonly computeMetrics?: ComputeMetrics;
  readonly preprocessLogitsForMetrics?: TrainerOptions["preprocessLogitsForMetrics"];
  readonly computeLossFunc?: TrainerOptions["computeLossFunc"];
  /** The run's random stream (dropout seeds); saved in every checkpoint. */
  readonly rng: SeededRng;
  /** Running loss and accumulated gradients between steps (internal to the loop; checkpointed). */
  readonly loop = new LoopState();
  /** Plugin states by stateKey, saved under trainer_state.json → stateful_callbacks. */
  readonly pluginStates = new Map<string, PluginHandle>();
  readonly dataParallelModel?: ModelSource;
  /** The gradient workers while train() runs with data_parallel_workers > 1. */
  dataParallel?: DataParallelRun;
  /**
   * Where the trainer's messages go. Not readonly: a plugin that draws on the terminal (progress bars) routes them
   * above what it draws while it draws, and gives the logger back after.
   */
  logger: (message: string) => void;

  constructor(options: TrainerOptions) {
    this.args =
      options.args instanceof TrainingArguments ? options.args : new TrainingArguments(options.args);
    this.model = options.model;
    this.trainDataset = options.trainDataset;
    this.evalDataset = options.evalDataset;
    this.dataCollator = options.dataCollator ?? defaultDataCollator;
    this.computeMetrics = options.computeMetrics;
    this.preprocessLogitsForMetrics = options.preprocessLogitsForMetrics;
    this.computeLossFunc = options.computeLossFunc;
    this.dataParallelModel = options.dataParallelModel;
    this.optimizer = options.optimizers?.optimizer;
    this.scheduler = options.optimizers?.scheduler;
    this.logger = options.logger ?? ((message) => console.log(message));
    this.rng = new SeededRng(this.args.seed);
    const plugins = options.plugins ?? (this.constructor as typeof Trainer).defaultPlugins;
    for (const [index, spec] of plugins.entries()) this.applyPlugin(spec, index);
    this.hooks.initEnd.call(this.context());
  }

  private applyPlugin(spec: PluginSpec, index: number): void {
    const plugin = toPluginInstance(spec, index);
    let handle: PluginHandle | undefined;
    try {
      handle = plugin.apply(this) ?? undefined;
    } catch (error) {
      throw new PluginApplyError(plugin.name, error);
    }
    if (!handle?.state && !handle?.loadState && !handle?.saveFiles) return;
    const key = plugin.stateKey ?? plugin.name;
    if (this.pluginStates.has(key)) {
      throw new Error(
        `plugin "${plugin.name}": another plugin already saves its state under "${key}" (set stateKey)`,
      );
    }
    this.pluginStates.set(key, handle);
  }

  /** The object every hook receives first. */
  context(): HookContext {
    return {
      trainer: this,
      args: this.args,
      state: this.state,
      control: this.control,
      model: this.model,
      optimizer: this.optimizer,
      scheduler: this.scheduler,
    };
  }

  stepContext(training: boolean, numItemsInBatch?: number, seed?: number): StepContext {
    return { ...this.context(), training, numItemsInBatch, seed };
  }

  /** Makes the `backend` argument's backend active (before any tensor of a run is created). */
  async prepareBackend(): Promise<void> {
    await setupBackend(this.args.backend, this.logger);
  }

  /** Label columns: args.label_names, else the model's, else ["labels"] (HF's default for most heads). */
  get labelNames(): string[] {
    return [...(this.args.label_names ?? this.model.labelNames ?? ["labels"])];
  }

  // ── data (override points) ──────────────────────────────────────────────────────────────────────────────

  protected collatorFor(datasetName: string): DataCollator {
    if (!this.args.remove_unused_columns) return this.dataCollator;
    return removeUnusedColumns(this.dataCollator, this.model.inputNames, this.labelNames, datasetName);
  }

  protected trainSampler(dataset: { length: number; get(i: number): unknown }): Sampler {
    const seed = this.args.data_seed ?? this.args.seed;
    if (this.args.train_sampling_strategy === "sequential") return new SequentialSampler(dataset.length);
    if (this.args.train_sampling_strategy === "group_by_length") {
      const lengths = Array.from({ length: dataset.length }, (_, i) =>
        rowLength(dataset.get(i), this.args.length_column_name),
      );
      return new LengthGroupedSampler(lengths, this.args.per_device_train_batch_size, seed);
    }
    return new RandomSampler(dataset.length, seed);
  }

  getTrainDataloader(): BatchSource {
    if (!this.trainDataset) throw new Error("Trainer: training requires a trainDataset");
    const options = {
      batchSize: this.args.per_device_train_batch_size,
      dropLast: this.args.dataloader_drop_last,
      collate: this.collatorFor("train dataset"),
      name: "train dataset",
    };
    if (!isIndexedDataset(this.trainDataset)) return new IterableBatchSource(this.trainDataset, options);
    if (this.trainDataset.length === 0) throw new Error("Trainer: the train dataset is empty");
    return new DataLoader(this.trainDataset, { ...options, sampler: this.trainSampler(this.trainDataset) });
  }

  protected evalLoader(dataset: AnyDataset, name: string): BatchSource {
    const options = {
      batchSize: this.args.per_device_eval_batch_size,
      dropLast: this.args.dataloader_drop_last,
      collate: this.collatorFor(name),
      name,
    };
    if (!isIndexedDataset(dataset)) return new IterableBatchSource(dataset, options);
    // metrics of zero examples would be logged as if they meant something
    if (dataset.length === 0) throw new Error(`Trainer: the ${name} is empty`);
    return new DataLoader(dataset, { ...options, sampler: new SequentialSampler(dataset.length) });
  }

  getEvalDataloader(evalDataset?: AnyDataset): BatchSource {
    const dataset = evalDataset ?? this.evalDataset;
    if (!dataset) throw new Error("Trainer: evaluation requires an evalDataset");
    if (!isDataset(dataset)) throw new Error("Trainer: pick one eval dataset by name to get its dataloader");
    return this.evalLoader(dataset, "eval dataset");
  }

  getTestDataloader(testDataset: AnyDataset): BatchSource {
    return this.evalLoader(testDataset, "test dataset");
  }

  // ── optimization (override points) ─────────────────────────────────────────────────────────────────────

  createOptimizer(): Optimizer {
    this.optimizer ??= createOptimizerFromArgs(this.model.namedParameters(), this.args);
    return this.optimizer;
  }

  createScheduler(numTrainingSteps: number, optimizer: Optimizer = this.createOptimizer()): LRScheduler {
    this.scheduler ??= getScheduler(this.args.lr_scheduler_type, optimizer, {
      numWarmupSteps: this.args.getWarmupSteps(numTrainingSteps),
      numTrainingSteps,
      kwargs: this.args.lr_scheduler_kwargs ?? {},
    });
    return this.scheduler;
  }

  createOptimizerAndScheduler(numTrainingSteps: number): void {
    this.createOptimizer();
    this.createScheduler(numTrainingSteps);
  }

  // ── steps (override points) ─────────────────────────────────────────────────────────────────────────────

  /** Forward + loss, through the forward and computeLoss hooks. Runs inside the gradient function: synchronous. */
  computeLoss(inputs: TensorBatch, ctx: StepContext): { loss: tf.Scalar; outputs: ModelOutput } {
    return computeLossWithHooks(this, inputs, ctx);
  }

  /** One micro-batch: forward, loss, gradients added to the window's; returns the (scaled) loss value. */
  trainingStep(batch: HostBatch, numItemsInBatch?: number): Promise<number> {
    return trainingStep(this, batch, numItemsInBatch);
  }

  /** One evaluation batch: loss, logits and labels as tensors the evaluation loop owns. */
  predictionStep(
    batch: HostBatch,
    predictionLossOnly: boolean,
    ignoreKeys: string[] = [],
  ): Promise<PredictionStepOutput> {
    return predictionStep(this, batch, predictionLossOnly, ignoreKeys);
  }

  evaluationLoop(
    loader: BatchSource,
    description: string,
    predictionLossOnly: boolean,
    ignoreKeys: string[],
    metricKeyPrefix: string,
  ): Promise<EvalLoopOutput> {
    return evaluationLoop(this, loader, { description, predictionLossOnly, ignoreKeys, metricKeyPrefix });
  }

  // ── public API ──────────────────────────────────────────────────────────────────────────────────────────

  async train(options: { resumeFromCheckpoint?: string | boolean } = {}): Promise<TrainOutput> {
    await this.prepareBackend();
    try {
      return await runTraining(
        this,
        options.resumeFromCheckpoint ?? this.args.resume_from_checkpoint ?? undefined,
      );
    } finally {
      // a run that failed mid-window (a plugin, a write error) leaves no gradient tensors behind
      this.loop.disposeGradients();
      await this.dataParallel?.dispose();
      this.dataParallel = undefined;
    }
  }

  async evaluate(
    options: {
      evalDataset?: AnyDataset | Record<string, AnyDataset>;
      ignoreKeys?: string[];
      metricKeyPrefix?: string;
    } = {},
  ): Promise<Metrics> {
    await this.prepareBackend();
    const prefix = options.metricKeyPrefix ?? "eval";
    const dataset = options.evalDataset ?? this.evalDataset;
    if (!dataset)
      throw new Error("Trainer: evaluate() needs an evalDataset (in the options or the constructor)");
    if (!isDataset(dataset)) {
      const merged: Metrics = {};
      for (const [name, one] of Object.entries(dataset)) {
        Object.assign(
          merged,
          await this.evaluate({ ...options, evalDataset: one, metricKeyPrefix: `${prefix}_${name}` }),
        );
      }
      return merged;
    }
    const loader = this.getEvalDataloader(dataset);
    const start = performance.now();
    const output = await this.evaluationLoop(
      loader,
      "Evaluation",
      this.computeMetrics === undefined && !this.wantsPredictions() ? true : this.args.prediction_loss_only,
      options.ignoreKeys ?? [],
      prefix,
    );
    Object.assign(output.metrics, this.speed(prefix, start, output.num_samples));
    await this.log(output.metrics);
    this.control.should_evaluate = false;
    await this.hooks.evaluate.promise(this.context(), output.metrics);
    return output.metrics;
  }

  async predict(
    testDataset: AnyDataset,
    options: { ignoreKeys?: string[]; metricKeyPrefix?: string } = {},
  ): Promise<PredictionOutput> {
    await this.prepareBackend();
    const prefix = options.metricKeyPrefix ?? "test";
    const start = performance.now();
    const output = await this.evaluationLoop(
      this.getTestDataloader(testDataset),
      "Prediction",
      this.args.prediction_loss_only,
      options.ignoreKeys ?? [],
      prefix,
    );
    Object.assign(output.metrics, this.speed(prefix, start, output.num_samples));
    await this.hooks.predict.promise(this.context(), output.metrics);
    return { predictions: output.predictions, label_ids: output.label_ids, metrics: output.metrics };
  }

  /** Appends to log_history (with epoch and step) and fires the log hook. Adds `epoch` to `logs` as HF does. */
  async log(logs: LogEntry): Promise<void> {
    if (this.state.epoch !== null) logs.epoch = this.state.epoch;
    this.state.log_history.push({ ...logs, step: this.state.global_step });
    this.control.should_log = false;
    await this.hooks.log.promise(this.context(), logs);
  }

  /** HF's save_model: the model (config.json + model.safetensors) into `outputDir` (default args.output_dir). */
  async saveModel(outputDir: string = this.args.output_dir): Promise<void> {
    await saveModelFiles(this.model, outputDir);
  }

  /** Writes checkpoint-<global_step> atomically; returns its folder. */
  saveCheckpoint(): Promise<string> {
    return saveCheckpoint(this);
  }

  /** Whether a plugin uses the predictions (tapable's isUsed() also counts interceptors, which every hook has). */
  private wantsPredictions(): boolean {
    return this.hooks.computeMetrics.taps.length > 0 || this.hooks.postprocessPredictions.taps.length > 0;
  }

  private speed(prefix: string, start: number, numSamples: number): Metrics {
    const numSteps = Math.ceil(numSamples / this.args.per_device_eval_batch_size);
    return speedMetrics(prefix, start, { numSamples, numSteps });
  }
}

function isDataset(d: AnyDataset | Record<string, AnyDataset>): d is AnyDataset {
  return isIndexedDataset(d as AnyDataset) || Symbol.asyncIterator in d;
}

function rowLength(row: unknown, column: string): number {
  const r = row as Record<string, unknown>;
  if (typeof r[column] === "number") return r[column] as number;
  if (Array.isArray(r.input_ids)) return r.input_ids.length;
  throw new Error(`group_by_length: rows need a "${column}" column or input_ids`);
}

export type { TrainOutput };
