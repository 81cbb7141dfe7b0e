export { defaultDataCollator } from "./default-data-collator.js";
export { FeatureError } from "./feature-values.js";
export type {
  DataCollatorForLanguageModelingOptions,
  LanguageModelingCollator,
} from "./language-modeling.js";
export { DataCollatorForLanguageModeling } from "./language-modeling.js";
export { IGNORE_INDEX } from "./mask-tokens.js";
export { type RngState, SeededRng } from "./seeded-rng.js";
export type { DataCollatorForSeq2SeqOptions, DecoderInputsFromLabels } from "./seq2seq.js";
export { DataCollatorForSeq2Seq } from "./seq2seq.js";
export type { DataCollatorForTokenClassificationOptions } from "./token-classification.js";
export { DataCollatorForTokenClassification } from "./token-classification.js";
export type {
  DataCollator,
  Feature,
  FeatureValue,
  NumericValue,
  PaddingOptions,
  PaddingSide,
  PaddingStrategy,
} from "./types.js";
export type { DataCollatorWithPaddingOptions } from "./with-padding.js";
export { DataCollatorWithPadding } from "./with-padding.js";
