/** How a question/context pair is encoded for QA (HF: `tokenizer(question, context, truncation="only_second", ...)`). */
export interface QaEncodeOptions {
  /** Only the second sequence (the context) is truncated. */
  truncation: "only_second";
  /** Tokens per encoding, special tokens included. */
  maxLength: number;
  /** Context tokens shared by consecutive windows. */
  stride: number;
  /** One encoding per window of the context instead of dropping what does not fit. */
  returnOverflowingTokens: true;
  /** "max_length" pads every encoding to maxLength (HF run_qa's default); false leaves them unpadded. */
  padding?: "max_length" | false;
}

/** One window of an encoded pair, as an HF fast tokenizer returns it (with return_offsets_mapping). */
export interface QaEncoding {
  input_ids: number[];
  attention_mask: number[];
  /** Absent for tokenizers without segment ids. */
  token_type_ids?: number[];
  /** Character span [start, end) of each token in its own sequence; [0, 0] for special and padding tokens. */
  offsets: [number, number][];
  /** HF's `sequence_ids(i)`: 0 for a token of the first sequence, 1 for the second, null for special/padding. */
  sequenceIds: (0 | 1 | null)[];
}

/**
 * What feature preparation needs of a tokenizer: encode a (question, context) pair into overflowing windows with
 * offsets and sequence ids, and the ids that mark the CLS position (where impossible answers point).
 */
export interface QaTokenizer {
  readonly clsTokenId?: number;
  readonly bosTokenId?: number;
  /** Windows in order: the first covers the start of the context, each next one starts stride tokens back. */
  encodePair(first: string, second: string, options: QaEncodeOptions): QaEncoding[];
}

/**
 * A QaTokenizer whose encoding is asynchronous (tokenizers that run off the main thread, such as
 * `@tfjs-trainer/tokenizers`); `prepareTrainFeaturesAsync` / `prepareValidationFeaturesAsync` take it.
 */
export interface AsyncQaTokenizer {
  readonly clsTokenId?: number;
  readonly bosTokenId?: number;
  /** As QaTokenizer.encodePair, resolved later. */
  encodePair(first: string, second: string, options: QaEncodeOptions): Promise<QaEncoding[]>;
}
