export {
  add32,
  pairwiseSum32,
  softmaxScores,
  sub32,
  topIndices,
} from "./float32.js";
export {
  default,
  default as questionAnswering,
  getQaPredictions,
  PLUGIN_NAME,
  type QaComputeMetrics,
  type QaEvalPrediction,
  type QaEvaluation,
  type QaPluginOptions,
} from "./plugin.js";
export {
  type PostprocessOptions,
  postprocessQaPredictions,
  type QaPostprocessResult,
  type StartEndLogits,
} from "./postprocess.js";
export { predictionFileNames, writeQaPredictionFiles } from "./prediction-files.js";
export {
  answerPositions,
  clsIndexOf,
  type PrepareFeaturesOptions,
  prepareTrainFeatures,
  prepareTrainFeaturesAsync,
  prepareValidationFeatures,
  prepareValidationFeaturesAsync,
} from "./prepare-features.js";
export { pythonFloatRepr, pythonJsonDumps, pythonJsonString } from "./python-json.js";
export { pythonLstrip, pythonSplit } from "./python-text.js";
export { asFeatureMeta, QA_META_COLUMNS, QaEvalDataset } from "./qa-dataset.js";
export { SimpleQaTokenizer, type SimpleQaTokenizerOptions } from "./simple-tokenizer.js";
export {
  computeSquad,
  normalizeAnswer,
  type SquadPrediction,
  type SquadReference,
  squadExactMatch,
  squadF1,
} from "./squad-metric.js";
export { computeSquadV2, type SquadV2Result, squadV2Exact, squadV2F1 } from "./squad-v2-metric.js";
export type { AsyncQaTokenizer, QaEncodeOptions, QaEncoding, QaTokenizer } from "./tokenizer.js";
export type * from "./types.js";
