import { byteLevelAlphabet } from "tokenizers";
import { keepFirst } from "./keep-first";
import { canonicalTokenizerJson, EMPTY_BPE_MODEL, trainBpe } from "./rust-trainer";

export const BPE_SPECIAL_TOKEN = "<|endoftext|>";

const byteLevel = (addPrefixSpace: boolean, trimOffsets: boolean) => ({
  type: "ByteLevel",
  add_prefix_space: addPrefixSpace,
  trim_offsets: trimOffsets,
  use_regex: true,
});

/**
 * GPT-2-style byte-level BPE: the trained merges, cut to the size, over all 256 byte symbols (the default trainer
 * only knows the bytes it saw; GPT-2 has them all, so no text ever needs an unknown token).
 */
export async function trainByteLevelBpe(
  files: string[],
  vocabSize: number,
  workDir: string,
): Promise<string> {
  const trained = await trainBpe(byteLevel(false, true), files, workDir);
  const alphabet = [
    ...new Set([...byteLevelAlphabet(), ...trained.tokens.filter((t) => [...t].length === 1)]),
  ].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  const learnt = trained.tokens.filter((token) => [...token].length > 1);
  const vocab = keepFirst([BPE_SPECIAL_TOKEN, ...alphabet, ...learnt], vocabSize, 1 + alphabet.length);
  const kept = new Set(vocab);
  // A merge whose parts or result were cut would never apply (or apply to a token with no id).
  const merges = trained.merges.filter(([a, b]) => kept.has(a) && kept.has(b) && kept.has(a + b));
  return canonicalTokenizerJson(
    {
      version: "1.0",
      truncation: null,
      padding: null,
      added_tokens: [
        {
          id: 0,
          content: BPE_SPECIAL_TOKEN,
          single_word: false,
          lstrip: false,
          rstrip: false,
          normalized: false,
          special: true,
        },
      ],
      normalizer: null,
      pre_tokenizer: byteLevel(false, true),
      post_processor: byteLevel(true, false),
      decoder: byteLevel(true, true),
      model: { ...EMPTY_BPE_MODEL, vocab: Object.fromEntries(vocab.map((token, id) => [token, id])), merges },
    },
    workDir,
  );
}
