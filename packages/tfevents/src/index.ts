export { collectRunContents, type Point, type RunContents } from "./contents.js";
export {
  EventFileWriteError,
  EventFileWriter,
  type EventFileWriterOptions,
  FILE_VERSION,
} from "./event-file-writer.js";
export { type HistogramBins, makeHistogram, tensorflowBucketEdges } from "./histogram.js";
export {
  decodeHParamsPluginData,
  type Experiment,
  encodeHParamsPluginData,
  HPARAM_DATA_TYPES,
  type HParamDataType,
  type HParamInfo,
  type HParamsPluginData,
  type HParamValue,
  type MetricInfo,
  type MetricName,
  SESSION_STATUSES,
  type SessionEndInfo,
  type SessionStartInfo,
  type SessionStatus,
} from "./hparams-proto.js";
export { encodePng, type ImageInit, imageBytes, makeImage } from "./image.js";
export {
  type AudioProto,
  decodeEvent,
  encodeEvent,
  encodeSummary,
  type HistogramProto,
  type ImageProto,
  type PluginData,
  type SessionLog,
  type SummaryMetadata,
  type SummaryValue,
  type TfEvent,
} from "./messages.js";
export { ProtoDecodeError } from "./protobuf.js";
export {
  type EventFile,
  isEventFileName,
  parseEventFile,
  type ReadOptions,
  type Run,
  readEventFile,
  readRuns,
} from "./reader.js";
export { EventFileError, frameRecord, maskedCrc32c, splitRecords, type TornRecord } from "./record.js";
export {
  EXPERIMENT_TAG,
  HPARAMS_PLUGIN,
  type HParamsInit,
  histogramValue,
  hparamsValues,
  imageValue,
  SESSION_END_INFO_TAG,
  SESSION_START_INFO_TAG,
  scalarValue,
  TEXT_PLUGIN,
  TEXT_TAG_SUFFIX,
  textValue,
} from "./summaries.js";
export { SummaryWriter } from "./summary-writer.js";
export { DATA_TYPES, type DataTypeName, type TensorInit, type TensorValue } from "./tensor.js";
