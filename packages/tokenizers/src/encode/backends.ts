import { mergeEncodings, Tokenizer } from "tokenizers";

/** Rust-side truncation, as tokenizer.json's `truncation` section holds it. */
export interface TruncationSettings {
  maxLength: number;
  strategy: "LongestFirst" | "OnlyFirst" | "OnlySecond";
  stride: number;
}

/** Rust-side padding to a fixed length, as tokenizer.json's `padding` section holds it. */
export interface PaddingSettings {
  maxLength: number;
  padId: number;
  padToken: string;
}

type TokenizerJson = Record<string, unknown>;

/** Variants kept at once; each costs a parse of tokenizer.json, and callers use very few settings. */
const MAX_CONFIGURED = 8;

/**
 * Rust tokenizers built from one tokenizer.json, one per truncation/padding setting. Each keeps its settings for
 * life: the Rust encode runs on a worker thread and reads the settings there, so changing them on a shared
 * instance would race with calls still in flight.
 */
export class Backends {
  /** No truncation, no padding: decoding, vocabulary look-ups and plain encodes. */
  readonly plain: Tokenizer;
  private rawTokenizer: Tokenizer | undefined;
  private readonly configuredTokenizers = new Map<string, Tokenizer>();
  private readonly specialTokenCounts: { single: number; pair: number };
  /** Whether the post-processor sets type ids itself (BERT's template does; GPT-2's ByteLevel does not). */
  readonly postProcessorAssignsTypeIds: boolean;

  constructor(private readonly json: TokenizerJson) {
    this.plain = this.build({});
    this.postProcessorAssignsTypeIds = assignsTypeIds(json.post_processor);
    const empty = () => mergeEncodings([], false);
    this.specialTokenCounts = {
      single: this.plain.postProcess(empty(), null, true).getLength(),
      pair: this.plain.postProcess(empty(), empty(), true).getLength(),
    };
  }

  /** Tokens the post-processor adds around a single sequence or a pair. */
  specialTokenCount(pair: boolean): number {
    return pair ? this.specialTokenCounts.pair : this.specialTokenCounts.single;
  }

  /** Without a post-processor: texts and words encoded whole, then truncated and post-processed once (`postProcess`). */
  get raw(): Tokenizer {
    this.rawTokenizer ??= this.build({ post_processor: null });
    return this.rawTokenizer;
  }

  configured(truncation: TruncationSettings | undefined, padding: PaddingSettings | undefined): Tokenizer {
    if (!truncation && !padding) return this.plain;
    const key = JSON.stringify([truncation, padding]);
    let tokenizer = this.configuredTokenizers.get(key);
    if (!tokenizer) {
      tokenizer = this.build({
        truncation: truncation
          ? {
              direction: "Right",
              max_length: truncation.maxLength,
              strategy: truncation.strategy,
              stride: truncation.stride,
            }
          : null,
        padding: padding
          ? {
              strategy: { Fixed: padding.maxLength },
              direction: "Right",
              pad_to_multiple_of: null,
              pad_id: padding.padId,
              pad_type_id: 0,
              pad_token: padding.padToken,
            }
          : null,
      });
      if (this.configuredTokenizers.size >= MAX_CONFIGURED) {
        const oldest = this.configuredTokenizers.keys().next().value as string;
        this.configuredTokenizers.delete(oldest);
      }
      this.configuredTokenizers.set(key, tokenizer);
    }
    return tokenizer;
  }

  private build(overrides: TokenizerJson): Tokenizer {
    return Tokenizer.fromString(
      JSON.stringify({ ...this.json, truncation: null, padding: null, ...overrides }),
    );
  }
}

const TYPE_ID_PROCESSORS = new Set(["TemplateProcessing", "BertProcessing", "RobertaProcessing"]);

function assignsTypeIds(processor: unknown): boolean {
  const { type, processors } = (processor ?? {}) as { type?: string; processors?: unknown[] };
  if (type === "Sequence") return (processors ?? []).some(assignsTypeIds);
  return type !== undefined && TYPE_ID_PROCESSORS.has(type);
}
