import { pythonLstrip } from "./python-text.js";
import type { AsyncQaTokenizer, QaEncodeOptions, QaEncoding, QaTokenizer } from "./tokenizer.js";
import type { QaExample, QaTrainFeature, QaValidationFeature } from "./types.js";

/** HF run_qa's DataTrainingArguments for feature preparation, with its defaults. */
export interface PrepareFeaturesOptions {
  /** Tokens per feature, special tokens included. Default 384. */
  max_seq_length?: number;
  /** Context tokens shared by consecutive windows of a long context. Default 128. */
  doc_stride?: number;
  /** Pad every feature to max_seq_length (else a padding collator pads each batch). Default true. */
  pad_to_max_length?: boolean;
}

/** The question as HF encodes it, and run_qa's tokenizer call. */
function encodeArguments(
  example: QaExample,
  options: PrepareFeaturesOptions,
): [question: string, context: string, options: QaEncodeOptions] {
  // questions with leading whitespace would take window room for nothing
  return [
    pythonLstrip(example.question),
    example.context,
    {
      truncation: "only_second",
      maxLength: options.max_seq_length ?? 384,
      stride: options.doc_stride ?? 128,
      returnOverflowingTokens: true,
      padding: (options.pad_to_max_length ?? true) ? "max_length" : false,
    },
  ];
}

type ModelInputs = Pick<QaTrainFeature, "input_ids" | "token_type_ids" | "attention_mask">;

/** The model's columns in HF's order: input_ids, token_type_ids (when the tokenizer has them), attention_mask. */
function modelInputs(enc: QaEncoding): ModelInputs {
  return enc.token_type_ids
    ? { input_ids: enc.input_ids, token_type_ids: enc.token_type_ids, attention_mask: enc.attention_mask }
    : { input_ids: enc.input_ids, attention_mask: enc.attention_mask };
}

/** HF's cls_index: the first CLS token, else the first BOS token, else 0. */
export function clsIndexOf(
  enc: QaEncoding,
  tokenizer: Pick<QaTokenizer, "clsTokenId" | "bosTokenId">,
): number {
  const { clsTokenId: cls, bosTokenId: bos } = tokenizer;
  if (cls !== undefined && enc.input_ids.includes(cls)) return enc.input_ids.indexOf(cls);
  if (bos !== undefined && enc.input_ids.includes(bos)) return enc.input_ids.indexOf(bos);
  return 0;
}

/**
 * The answer's [start, end] token positions in one window (HF's prepare_train_features): the CLS index when the
 * example has no answer or the answer is not entirely inside the window's context; otherwise the last token starting
 * at or before the answer's first character and the first token ending at or after its last one.
 */
export function answerPositions(
  enc: QaEncoding,
  example: QaExample,
  clsIndex: number,
): { start_positions: number; end_positions: number } {
  const cls = { start_positions: clsIndex, end_positions: clsIndex };
  if (example.answers.answer_start.length === 0) return cls;
  const startChar = example.answers.answer_start[0];
  const endChar = startChar + example.answers.text[0].length;
  const { offsets, sequenceIds } = enc;
  let tokenStart = sequenceIds.indexOf(1);
  let tokenEnd = sequenceIds.lastIndexOf(1);
  if (tokenStart < 0) throw new Error(`example "${example.id}": a feature without context tokens`);
  if (!(offsets[tokenStart][0] <= startChar && offsets[tokenEnd][1] >= endChar)) return cls;
  // As HF, this walks over every token starting at or before startChar, special and padding tokens ([0, 0]) too:
  // an answer starting at the window's last context token is labelled past the context (HF's noted edge case).
  while (tokenStart < offsets.length && offsets[tokenStart][0] <= startChar) tokenStart++;
  while (offsets[tokenEnd][1] >= endChar) {
    tokenEnd--;
    if (tokenEnd < 0) throw new Error(`example "${example.id}": the answer ends before the context starts`);
  }
  return { start_positions: tokenStart - 1, end_positions: tokenEnd + 1 };
}

/** One example's training features: one per window, labelled with the answer's token positions. */
function trainFeaturesOf(
  example: QaExample,
  windows: readonly QaEncoding[],
  tokenizer: Pick<QaTokenizer, "clsTokenId" | "bosTokenId">,
): QaTrainFeature[] {
  return windows.map((enc) => ({
    ...modelInputs(enc),
    ...answerPositions(enc, example, clsIndexOf(enc, tokenizer)),
  }));
}

/** One example's validation features: one per window, with its id and the context tokens' offsets. */
function validationFeaturesOf(example: QaExample, windows: readonly QaEncoding[]): QaValidationFeature[] {
  return windows.map(
    (enc) =>
      ({
        ...modelInputs(enc),
        offset_mapping: enc.offsets.map((o, k) => (enc.sequenceIds[k] === 1 ? [o[0], o[1]] : null)),
        example_id: example.id,
      }) as QaValidationFeature,
  );
}

/**
 * HF run_qa's prepare_train_features: each example becomes one feature per context window (overflow with
 * doc_stride), labelled with the answer's token positions, or the CLS index when the window does not hold the whole
 * answer (and for unanswerable examples).
 */
export function prepareTrainFeatures(
  examples: readonly QaExample[],
  tokenizer: QaTokenizer,
  options: PrepareFeaturesOptions = {},
): QaTrainFeature[] {
  return examples.flatMap((example) =>
    trainFeaturesOf(example, tokenizer.encodePair(...encodeArguments(example, options)), tokenizer),
  );
}

/**
 * HF run_qa's prepare_validation_features: one feature per context window, with the id of its example and the
 * offset mapping, where every token outside the context (question, special, padding) has a null offset.
 */
export function prepareValidationFeatures(
  examples: readonly QaExample[],
  tokenizer: QaTokenizer,
  options: PrepareFeaturesOptions = {},
): QaValidationFeature[] {
  return examples.flatMap((example) =>
    validationFeaturesOf(example, tokenizer.encodePair(...encodeArguments(example, options))),
  );
}

/** prepareTrainFeatures with an asynchronous tokenizer; the examples are encoded concurrently, features stay in order. */
export async function prepareTrainFeaturesAsync(
  examples: readonly QaExample[],
  tokenizer: AsyncQaTokenizer,
  options: PrepareFeaturesOptions = {},
): Promise<QaTrainFeature[]> {
  const windows = await encodeAll(examples, tokenizer, options);
  return examples.flatMap((example, i) => trainFeaturesOf(example, windows[i], tokenizer));
}

/** prepareValidationFeatures with an asynchronous tokenizer. */
export async function prepareValidationFeaturesAsync(
  examples: readonly QaExample[],
  tokenizer: AsyncQaTokenizer,
  options: PrepareFeaturesOptions = {},
): Promise<QaValidationFeature[]> {
  const windows = await encodeAll(examples, tokenizer, options);
  return examples.flatMap((example, i) => validationFeaturesOf(example, windows[i]));
}

function encodeAll(
  examples: readonly QaExample[],
  tokenizer: AsyncQaTokenizer,
  options: PrepareFeaturesOptions,
): Promise<QaEncoding[][]> {
  return Promise.all(examples.map((example) => tokenizer.encodePair(...encodeArguments(example, options))));
}
