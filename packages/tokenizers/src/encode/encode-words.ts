import { mergeEncodings, type Encoding as RustEncoding } from "tokenizers";
import { TokenizerError } from "../errors";
import type { Encoding } from "../types";
import type { Backends } from "./backends";
import { checkSpecialTokensFit, checkStrideFits } from "./check-truncation";
import type { ResolvedEncodeOptions } from "./resolve-encode-options";
import { toEncoding, windowsOf, withWindows } from "./to-encoding";

/**
 * HF's `is_split_into_words=True`, which the Node binding lacks: each word is encoded on its own (offsets relative
 * to the word, as in HF), the pieces are merged and then truncated, post-processed and padded once by the Rust
 * library. The library numbers words inside each piece, so word ids are set here from the piece each token came
 * from, following the windows truncation made.
 */
export async function encodeWords(
  backends: Backends,
  words: string[],
  options: ResolvedEncodeOptions,
): Promise<Encoding> {
  if (!Array.isArray(words)) throw new TokenizerError("encodeWords takes an array of words");
  words.forEach((word, i) => {
    if (typeof word !== "string") throw new TokenizerError(`encodeWords: words[${i}] is not a string`);
  });
  const pieces = await Promise.all(
    words.map((word) => backends.raw.encode(word, null, { addSpecialTokens: false })),
  );
  const sourceWord = pieces.flatMap((piece, i) => new Array<number>(piece.getLength()).fill(i));
  const merged = mergeEncodings(pieces, false);
  const sourceIds = merged.getIds();

  const { truncation } = options;
  const specialTokens = options.addSpecialTokens ? backends.specialTokenCount(false) : 0;
  if (truncation) {
    checkSpecialTokensFit(truncation, specialTokens);
    checkStrideFits([sourceIds.length], truncation, specialTokens);
  }
  const encoded = backends
    .configured(truncation, options.padding)
    .postProcess(merged, null, options.addSpecialTokens);
  const windows = windowsOf(encoded);
  const firstLength = contentPositions(windows[0]).length;
  // Rust starts window w at w × (kept − stride); a sequence cut to nothing moves whole into one window.
  const step = truncation && firstLength > 0 ? firstLength - truncation.stride : 0;
  const converted = windows.map((window, w) => {
    const wordIds = new Array<number | null>(window.getLength()).fill(null);
    const ids = window.getIds();
    contentPositions(window).forEach((position, k) => {
      const source = w * step + k;
      if (ids[position] !== sourceIds[source]) {
        throw new Error(
          `encodeWords: window ${w} does not line up with the words (tokenizers library changed?)`,
        );
      }
      wordIds[position] = sourceWord[source];
    });
    return toEncoding(window, { wordIds });
  });
  return withWindows(converted, options.returnOverflowing);
}

/** Positions of the tokens that come from the input: neither added by the post-processor nor padding. */
function contentPositions(window: RustEncoding): number[] {
  const positions: number[] = [];
  window.getSpecialTokensMask().forEach((special, i) => {
    if (special === 0) positions.push(i);
  });
  return positions;
}
