/** Options of `encode`, `encodeWords` and `encodeBatch`, named after the arguments of HF's `tokenizer(...)` call. */
export interface EncodeOptions {
  /** Adds the template's special tokens ([CLS] … [SEP] for BERT; none for GPT-2). Default true. */
  addSpecialTokens?: boolean;
  /** `true` is `"longest_first"`. Default false. */
  truncation?: boolean | "longest_first" | "only_first" | "only_second";
  /** Length of every window, special tokens included. Default: `modelMaxLength` when truncation or padding is on. */
  maxLength?: number;
  /** Tokens shared by consecutive overflowing windows (question answering's `doc_stride`). Default 0. */
  stride?: number;
  /** Keeps the windows after the first in `overflowing` (HF's `return_overflowing_tokens`). Default false. */
  returnOverflowing?: boolean;
  /** `"max_length"` pads every window to `maxLength` with the pad token. Default false: the collators pad. */
  padding?: false | "max_length";
}

/** One encoded text (or pair), with HF fast-tokenizer semantics for every field. */
export interface Encoding {
  inputIds: number[];
  tokenTypeIds: number[];
  attentionMask: number[];
  specialTokensMask: number[];
  tokens: string[];
  /**
   * Character span of each token in its own sequence (the text or the pair), counted in Unicode code points as
   * Python counts `str` indices, so they agree with HF datasets' `answer_start`; [0, 0] for special and padding
   * tokens. `charSpanToUtf16` converts a span for `String.prototype.slice`.
   */
  offsets: [number, number][];
  /** HF's `word_ids()`: the word each token comes from; null for special and padding tokens. */
  wordIds: (number | null)[];
  /** HF's `sequence_ids()`: 0 for the text, 1 for the pair, null for special and padding tokens. */
  sequenceIds: (0 | 1 | null)[];
  /** The windows after this one when `returnOverflowing` is on; empty otherwise (and inside a window). */
  overflowing: Encoding[];
}

export interface DecodeOptions {
  /** Drops the special tokens ([CLS], [PAD], <|endoftext|> …). Default false, as in HF. */
  skipSpecialTokens?: boolean;
}

export interface TrainTokenizerOptions {
  /** Text files, one sequence per line. Give `files` or `texts`. */
  files?: string[];
  /** Texts, written one per line to a temporary file for the Rust trainer. Give `files` or `texts`. */
  texts?: Iterable<string>;
  /**
   * `wordpiece`: BERT-style ([PAD], [UNK], [CLS], [SEP], [MASK]; BERT normalizer and pre-tokenizer; the template
   * [CLS] A [SEP] B [SEP]). `bpe`: GPT-2-style byte-level BPE (<|endoftext|> as bos, eos, unk and pad).
   */
  model: "wordpiece" | "bpe";
  /** Size of the whole vocabulary, special tokens included; the result has exactly this many entries. */
  vocabSize: number;
  /** WordPiece only: lowercase and strip accents (uncased BERT). Default true. */
  lowercase?: boolean;
  /** Written to tokenizer_config.json; the default `maxLength` of truncation and padding. */
  modelMaxLength?: number;
}

/** The special-token roles HF's tokenizers know, as `<role>_token` keys of tokenizer_config.json. */
export const SPECIAL_TOKEN_ROLES = ["bos", "eos", "unk", "sep", "pad", "cls", "mask"] as const;
export type SpecialTokenRole = (typeof SPECIAL_TOKEN_ROLES)[number];
export type SpecialTokens = Partial<Record<SpecialTokenRole, string>>;
