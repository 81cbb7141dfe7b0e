export * from "./args/index.js";
export { TEMP_PREFIX, writeDirAtomically } from "./checkpoint/atomic-dir.js";
export * from "./checkpoint/file-names.js";
export { getLastCheckpoint, listCheckpoints } from "./checkpoint/last-checkpoint.js";
export { loadModelFiles, saveModelFiles } from "./checkpoint/model-weights.js";
export { CheckpointWriteError } from "./checkpoint/save-checkpoint.js";
export {
  type BatchSource,
  DataLoader,
  type DataLoaderOptions,
  IterableBatchSource,
} from "./data/data-loader.js";
export {
  type AnyDataset,
  type Dataset,
  InMemoryDataset,
  type IterableDataset,
  isIndexedDataset,
  loadJsonl,
  parseJsonLines,
} from "./data/dataset.js";
export { LengthGroupedSampler, RandomSampler, type Sampler, SequentialSampler } from "./data/samplers.js";
export { concatOutputs, concatPadded } from "./eval/nested-concat.js";
export { speedMetrics } from "./eval/speed-metrics.js";
export type * from "./eval/types.js";
export type { HookContext, Metrics, TensorBatch } from "./hooks/context.js";
export { PluginHookError } from "./hooks/tap-errors.js";
export {
  createTrainerHooks,
  type HookName,
  type StepContext,
  type TrainerHooks,
} from "./hooks/trainer-hooks.js";
export { crossEntropy, crossEntropySum } from "./loss/cross-entropy.js";
export { labelSmoothedLoss } from "./loss/label-smoother.js";
export { checkIndexedColumns, IndexOutOfRangeError } from "./model/check-indexed-columns.js";
export type * from "./model/contract.js";
export { describeInputs, ModelForwardError } from "./model/forward-error.js";
export { type LayersAdapterOptions, LayersModelAdapter } from "./model/layers-adapter.js";
export { TinyClassifier, type TinyModelConfig, TinyTagger } from "./model/tiny-models.js";
export * from "./optim/index.js";
export * from "./plugins/index.js";
export { seededPermutation } from "./rng/permutation.js";
export { type ExportedState, TrainerControl } from "./state/trainer-control.js";
export { type LogEntry, TrainerState } from "./state/trainer-state.js";
export { logMetrics, saveMetrics } from "./train/metrics-files.js";
export type { TrainOutput } from "./train/train-loop.js";
export { Trainer, type TrainerOptions } from "./trainer.js";
