import type { QaEncodeOptions, QaEncoding, QaTokenizer } from "./tokenizer.js";

export interface SimpleQaTokenizerOptions {
  /** Token strings by id. Must contain the special tokens. */
  vocab: readonly string[];
  /** "word": runs of letters/digits, and each other non-space character alone; "character": every non-space character. */
  granularity?: "word" | "character";
  /** Lowercase before the vocabulary lookup (offsets still index the original text). Default true. */
  lowercase?: boolean;
  padToken?: string;
  unkToken?: string;
  clsToken?: string;
  sepToken?: string;
}

/** A token of one sequence: its text and its character span. */
interface Piece {
  text: string;
  start: number;
  end: number;
}

const SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"];

/**
 * A small BERT-layout tokenizer for tests and examples: `[CLS] question [SEP] context [SEP]`, token_type_ids 0 then
 * 1, offsets into each sequence, and HF fast tokenizers' overflow: the context is cut into windows of
 * `maxLength - questionTokens - 3` tokens, each starting `stride` tokens before the previous one ended, until a
 * window reaches the end. Words split on whitespace and punctuation (or characters), no subwords.
 */
export class SimpleQaTokenizer implements QaTokenizer {
  readonly vocab: readonly string[];
  readonly padTokenId: number;
  readonly unkTokenId: number;
  readonly clsTokenId: number;
  readonly sepTokenId: number;
  private readonly ids: Map<string, number>;
  private readonly granularity: "word" | "character";
  private readonly lowercase: boolean;

  constructor(options: SimpleQaTokenizerOptions) {
    this.vocab = options.vocab;
    this.ids = new Map(options.vocab.map((t, i) => [t, i]));
    if (this.ids.size !== options.vocab.length)
      throw new Error("SimpleQaTokenizer: the vocabulary has duplicates");
    this.granularity = options.granularity ?? "word";
    this.lowercase = options.lowercase ?? true;
    const special = (name: string, token: string) => {
      const id = this.ids.get(token);
      if (id === undefined)
        throw new Error(`SimpleQaTokenizer: the vocabulary lacks the ${name} token "${token}"`);
      return id;
    };
    this.padTokenId = special("padding", options.padToken ?? "[PAD]");
    this.unkTokenId = special("unknown", options.unkToken ?? "[UNK]");
    this.clsTokenId = special("CLS", options.clsToken ?? "[CLS]");
    this.sepTokenId = special("SEP", options.sepToken ?? "[SEP]");
  }

  /** A vocabulary of [PAD] [UNK] [CLS] [SEP] then every token of `texts`, in order of first appearance. */
  static fromTexts(
    texts: Iterable<string>,
    options: Omit<SimpleQaTokenizerOptions, "vocab"> = {},
  ): SimpleQaTokenizer {
    const probe = new SimpleQaTokenizer({ ...options, vocab: SPECIALS });
    const vocab = new Set(SPECIALS);
    for (const text of texts) for (const piece of probe.split(text)) vocab.add(probe.normalize(piece.text));
    return new SimpleQaTokenizer({ ...options, vocab: [...vocab] });
  }

  get vocabSize(): number {
    return this.vocab.length;
  }

  /** The tokens of one text with their character spans. */
  split(text: string): Piece[] {
    const pattern = this.granularity === "word" ? /[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]/gu : /\S/gu;
    return [...text.matchAll(pattern)].map((m) => ({
      text: m[0],
      start: m.index,
      end: m.index + m[0].length,
    }));
  }

  private normalize(token: string): string {
    return this.lowercase ? token.toLowerCase() : token;
  }

  tokenIdOf(token: string): number {
    return this.ids.get(this.normalize(token)) ?? this.unkTokenId;
  }

  encodePair(first: string, second: string, options: QaEncodeOptions): QaEncoding[] {
    if (options.truncation !== "only_second")
      throw new Error('SimpleQaTokenizer: only truncation "only_second"');
    const question = this.split(first);
    const context = this.split(second);
    const room = options.maxLength - question.length - 3;
    const windows: Piece[][] = [];
    if (context.length <= room) windows.push(context);
    else {
      if (room <= 0) throw new Error("SimpleQaTokenizer: the question leaves no room for the context");
      if (options.stride >= room) {
        throw new Error(
          `SimpleQaTokenizer: stride ${options.stride} must be below the context window (${room})`,
        );
      }
      for (let start = 0; ; start += room - options.stride) {
        const stop = Math.min(start + room, context.length);
        windows.push(context.slice(start, stop));
        if (stop === context.length) break;
      }
    }
    return windows.map((window) => this.encodeWindow(question, window, options));
  }

  private encodeWindow(question: Piece[], window: Piece[], options: QaEncodeOptions): QaEncoding {
    const enc: QaEncoding = {
      input_ids: [],
      attention_mask: [],
      token_type_ids: [],
      offsets: [],
      sequenceIds: [],
    };
    const push = (id: number, type: number, offset: [number, number], seq: 0 | 1 | null, mask = 1) => {
      enc.input_ids.push(id);
      enc.token_type_ids!.push(type);
      enc.attention_mask.push(mask);
      enc.offsets.push(offset);
      enc.sequenceIds.push(seq);
    };
    push(this.clsTokenId, 0, [0, 0], null);
    for (const p of question) push(this.tokenIdOf(p.text), 0, [p.start, p.end], 0);
    push(this.sepTokenId, 0, [0, 0], null);
    for (const p of window) push(this.tokenIdOf(p.text), 1, [p.start, p.end], 1);
    push(this.sepTokenId, 1, [0, 0], null);
    if (options.padding === "max_length") {
      while (enc.input_ids.length < options.maxLength) push(this.padTokenId, 0, [0, 0], null, 0);
    }
    return enc;
  }
}
