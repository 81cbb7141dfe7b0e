export {
  Seq2SeqTrainingArguments,
  type Seq2SeqTrainingArgumentsInit,
  seq2seqTrainingArgumentsSchema,
} from "./arguments.js";
export {
  HF_DEFAULT_MAX_LENGTH,
  loadGenerationConfigArgument,
  type PaddingLengths,
  paddedLength,
  paddingLengths,
} from "./generation-config.js";
export {
  evaluateWithGeneration,
  type GenerationKwargs,
  mergeGenerationKwargs,
  predictWithGeneration,
  withGenerationKwargs,
} from "./generation-kwargs.js";
export { replaceIgnoreIndex } from "./ignore-index.js";
export {
  REPLACE_IGNORE_INDEX,
  type ReplaceIgnoreIndex,
  type Seq2SeqOptions,
  type Seq2SeqSettings,
  seq2seqArgumentsShape,
  seq2seqOptionsSchema,
} from "./options.js";
export { default, default as seq2seq, PLUGIN_NAME } from "./seq2seq.js";
