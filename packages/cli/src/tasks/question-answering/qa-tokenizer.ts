import type { AsyncQaTokenizer, QaEncoding } from "@tfjs-trainer/plugin-qa";
import { charSpanToUtf16, type Encoding, type PreTrainedTokenizer } from "@tfjs-trainer/tokenizers";

/**
 * A tokenizer as plugin-qa's feature preparation takes it: run_qa's call (question, context, only_second, stride,
 * overflowing windows) gives the first window and the rest, each in plugin-qa's field names. The tokenizer's offsets
 * count code points; plugin-qa slices JavaScript strings, so they become UTF-16 positions of their own sequence.
 */
export function asQaTokenizer(tokenizer: PreTrainedTokenizer): AsyncQaTokenizer {
  return {
    clsTokenId: tokenizer.clsTokenId,
    bosTokenId: tokenizer.bosTokenId,
    async encodePair(question, context, options) {
      const first = await tokenizer.encode(question, context, {
        truncation: options.truncation,
        maxLength: options.maxLength,
        stride: options.stride,
        returnOverflowing: options.returnOverflowingTokens,
        padding: options.padding ?? false,
      });
      return [first, ...first.overflowing].map((window) => toQaEncoding(window, [question, context]));
    },
  };
}

function toQaEncoding(window: Encoding, texts: readonly [string, string]): QaEncoding {
  const unitsOf = texts.map(utf16Spans);
  return {
    input_ids: window.inputIds,
    attention_mask: window.attentionMask,
    token_type_ids: window.tokenTypeIds,
    offsets: window.offsets.map((span, k) => {
      const sequence = window.sequenceIds[k];
      return sequence === null ? span : unitsOf[sequence](span);
    }),
    sequenceIds: window.sequenceIds,
  };
}

/** Converts spans of `text` to UTF-16 positions; the identity for text without characters beyond the BMP. */
function utf16Spans(text: string): (span: [number, number]) => [number, number] {
  if (!/[\uD800-\uDFFF]/.test(text)) return (span) => span;
  return (span) => charSpanToUtf16(text, span);
}
