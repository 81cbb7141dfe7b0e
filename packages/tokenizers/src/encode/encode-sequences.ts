import type { Encoding as RustEncoding } from "tokenizers";
import type { Encoding } from "../types";
import type { Backends } from "./backends";
import { checkSpecialTokensFit, checkStrideFits } from "./check-truncation";
import type { ResolvedEncodeOptions } from "./resolve-encode-options";
import { toEncoding, windowsOf, withWindows } from "./to-encoding";

/**
 * Encodes texts (and pairs). With truncation on, each sequence is encoded whole, then truncated, post-processed
 * and padded by `postProcess`: since tokenizers 0.23.1 an encode that truncates stops tokenizing at maxLength
 * (huggingface/tokenizers#2091), so its overflowing windows miss the rest of the text and longest_first splits a
 * pair by capped lengths. Truncating afterwards gives the windows and splits HF documents (and returned up to
 * tokenizers 0.22); the first window of a text or only_second pair is the same either way.
 */
export async function encodeSequences(
  backends: Backends,
  inputs: { text: string; pair?: string }[],
  options: ResolvedEncodeOptions,
): Promise<Encoding[]> {
  const { truncation, padding, addSpecialTokens, returnOverflowing } = options;
  const convert = (encoded: RustEncoding, pairTypeIds: (window: number) => boolean) =>
    withWindows(
      windowsOf(encoded).map((window, w) => toEncoding(window, { pairTypeIds: pairTypeIds(w) })),
      returnOverflowing,
    );
  if (!truncation) {
    const tokenizer = backends.configured(undefined, padding);
    const encoded = inputs.every((input) => input.pair === undefined)
      ? await tokenizer.encodeBatch(
          inputs.map((input) => input.text),
          { addSpecialTokens },
        )
      : await Promise.all(
          inputs.map(({ text, pair }) => tokenizer.encode(text, pair ?? null, { addSpecialTokens })),
        );
    return encoded.map((one) => convert(one, () => false));
  }
  const noSpecialTokens = { addSpecialTokens: false };
  const [firsts, seconds] = await Promise.all([
    backends.raw.encodeBatch(
      inputs.map((input) => input.text),
      noSpecialTokens,
    ),
    Promise.all(
      inputs.map(({ pair }) =>
        pair === undefined ? null : backends.raw.encode(pair, null, noSpecialTokens),
      ),
    ),
  ]);
  const tokenizer = backends.configured(truncation, padding);
  return firsts.map((first, i) => {
    const second = seconds[i];
    const specialTokens = addSpecialTokens ? backends.specialTokenCount(second !== null) : 0;
    checkSpecialTokensFit(truncation, specialTokens);
    checkStrideFits(
      second ? [first.getLength(), second.getLength()] : [first.getLength()],
      truncation,
      specialTokens,
    );
    // The pair was encoded on its own, as a first text, so its tokens carry type id 0 where the library's pair
    // encode gives the second text type id 1. Post-processors keep those ids in the overflowing windows, and
    // everywhere unless they assign type ids (BERT's template does, GPT-2's ByteLevel does not).
    const assigns = backends.postProcessorAssignsTypeIds;
    return convert(
      tokenizer.postProcess(first, second, addSpecialTokens),
      (w) => second !== null && (w > 0 || !assigns),
    );
  });
}
