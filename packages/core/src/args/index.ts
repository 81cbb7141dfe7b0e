export {
  ArgumentError,
  type ArgumentErrorDetails,
  type ArgumentSource,
  COMMAND_LINE,
} from "./argument-error.js";
export {
  type ArgumentGroup,
  type ArgumentGroupValue,
  defineArgumentGroup,
  type FromDictOptions,
} from "./argument-group.js";
export {
  type ArgumentGroups,
  ArgumentParser,
  type ArgumentParserOptions,
  type ParsedArguments,
} from "./argument-parser.js";
export { readConfigFile } from "./config-file.js";
export { formatHelp, HelpRequested } from "./help.js";
export { IGNORED_HF_FIELD_NAMES } from "./hf-ignored-fields.js";
export type { TrainingArgumentsFields } from "./resolve-training-arguments.js";
export type { StepIntervalKind } from "./step-counts.js";
export {
  TrainingArguments,
  type TrainingArgumentsDict,
  type TrainingArgumentsOptions,
} from "./training-arguments.js";
export {
  BACKEND_NAMES,
  type BackendName,
  INPUT_TOKENS_SEEN_MODES,
  INTERVAL_STRATEGIES,
  type InputTokensSeenMode,
  type IntervalStrategy,
  LEGACY_FIELD_NAMES,
  LOG_LEVELS,
  type LogLevel,
  METRICS_INCLUSIONS,
  type MetricsInclusion,
  type OptimizerName,
  SAVE_STRATEGIES,
  type SaveStrategy,
  SCHEDULER_TYPES,
  type SchedulerType,
  TRAIN_SAMPLING_STRATEGIES,
  type TrainingArgumentsInit,
  type TrainingArgumentsSchema,
  type TrainSamplingStrategy,
  trainingArgumentsSchema,
} from "./training-arguments-schema.js";
export { type WarningHandler, warnOnce } from "./warnings.js";
