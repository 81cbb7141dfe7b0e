import type { Feature } from "@tfjs-trainer/data";
import type { PreTrainedTokenizer } from "@tfjs-trainer/tokenizers";
import { ConfigError } from "../../config/config-error.js";
import type { TaggedSentence } from "./tagged-sentences.js";

/** A token whose prediction is scored as the tag of a word (run_ner's positions whose label is not -100). */
export interface ScoredToken {
  position: number;
  word: number;
  /** The word's first sub-token; the others are scored only with label_all_tokens. */
  first: boolean;
}

export interface EncodedSentences {
  features: Feature[];
  /** Per sentence, the tokens that carry a word's tag, whether or not the split has tags. */
  scored: ScoredToken[][];
}

export interface EncodeOptions {
  maxSeqLength: number;
  labelAllTokens: boolean;
  /** The label id of a word's tag on one of its tokens (the B- to I- rule for later sub-tokens lives here). */
  labelId(tag: unknown, first: boolean): number;
  file: string;
}

/** Sentences encoded at once: enough to keep the tokenizer's threads busy without queueing every word of a split. */
const CONCURRENT_SENTENCES = 64;

/**
 * run_ner's tokenize_and_align_labels: pre-split words are encoded (truncated to max_seq_length) and each word's tag
 * goes to its first sub-token; the other sub-tokens and the special tokens get -100, unless label_all_tokens gives
 * every sub-token the tag. Words cut off by truncation carry no label, so they are not scored.
 */
export async function encodeSentences(
  sentences: readonly TaggedSentence[],
  tokenizer: PreTrainedTokenizer,
  options: EncodeOptions,
): Promise<EncodedSentences> {
  const features: Feature[] = [];
  const scored: ScoredToken[][] = [];
  for (let start = 0; start < sentences.length; start += CONCURRENT_SENTENCES) {
    const chunk = sentences.slice(start, start + CONCURRENT_SENTENCES);
    const encodings = await Promise.all(
      chunk.map((sentence) =>
        tokenizer.encodeWords(sentence.words, { truncation: true, maxLength: options.maxSeqLength }),
      ),
    );
    encodings.forEach((encoding, k) => {
      const sentence = chunk[k];
      const tokens = scoredTokens(encoding.wordIds, options.labelAllTokens);
      const feature: Feature = {
        input_ids: encoding.inputIds,
        attention_mask: encoding.attentionMask,
        token_type_ids: encoding.tokenTypeIds,
      };
      if (sentence.tags) {
        const labels = new Array<number>(encoding.inputIds.length).fill(-100);
        for (const token of tokens) {
          try {
            labels[token.position] = options.labelId(sentence.tags[token.word], token.first);
          } catch (error) {
            throw new ConfigError(options.file, `row ${start + k + 1}`, (error as Error).message);
          }
        }
        feature.labels = labels;
      }
      features.push(feature);
      scored.push(tokens);
    });
  }
  return { features, scored };
}

/** HF's word_ids walk: a token starts a word when its word id differs from the previous token's. */
export function scoredTokens(wordIds: readonly (number | null)[], labelAllTokens: boolean): ScoredToken[] {
  const tokens: ScoredToken[] = [];
  let previous: number | null = null;
  wordIds.forEach((word, position) => {
    if (word !== null && word !== previous) tokens.push({ position, word, first: true });
    else if (word !== null && labelAllTokens) tokens.push({ position, word, first: false });
    previous = word;
  });
  return tokens;
}
