import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Tokenizer } from "tokenizers";

/** A BPE model with nothing learnt yet, in tokenizer.json's form. */
export const EMPTY_BPE_MODEL = {
  type: "BPE",
  dropout: null,
  unk_token: null,
  continuing_subword_prefix: null,
  end_of_word_suffix: null,
  fuse_unk: false,
  byte_fallback: false,
  ignore_merges: false,
  vocab: {},
  merges: [],
};

export interface TrainedBpe {
  /** Tokens by id: the alphabet (sorted by code point), then each merge's new token in merge order. */
  tokens: string[];
  merges: [string, string][];
}

/**
 * Trains a BPE model with the Rust library's default trainer (the only one the Node binding exposes: no size, no
 * minimum frequency, up to 30 000 entries) after `preTokenizer` splits each line of `files`.
 */
export async function trainBpe(preTokenizer: object, files: string[], workDir: string): Promise<TrainedBpe> {
  const tokenizer = Tokenizer.fromString(
    JSON.stringify({
      version: "1.0",
      truncation: null,
      padding: null,
      added_tokens: [],
      normalizer: null,
      pre_tokenizer: preTokenizer,
      post_processor: null,
      decoder: null,
      model: EMPTY_BPE_MODEL,
    }),
  );
  tokenizer.train(files);
  const saved = join(workDir, "trained.json");
  tokenizer.save(saved);
  const model = JSON.parse(await readFile(saved, "utf8")).model as {
    vocab: Record<string, number>;
    merges: [string, string][];
  };
  const tokens: string[] = [];
  for (const [token, id] of Object.entries(model.vocab)) tokens[id] = token;
  return { tokens, merges: model.merges };
}

/** The library's own serialization (vocabulary ordered by id, pretty-printed), so equal tokenizers give equal bytes. */
export async function canonicalTokenizerJson(tokenizerJson: object, workDir: string): Promise<string> {
  const path = join(workDir, "tokenizer.json");
  Tokenizer.fromString(JSON.stringify(tokenizerJson)).save(path, true);
  return readFile(path, "utf8");
}
