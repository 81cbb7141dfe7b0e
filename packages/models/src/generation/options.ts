/**
 * Options of generate(), HF's generation parameters in camelCase. Each one left out takes the model's generation
 * config value (generation_config.json, else config.json), then HF's default, as HF's generate() does; `null` for a
 * token id means "none" even when the model's config sets one.
 */
export interface GenerateOptions {
  /** Most new tokens to generate (HF max_new_tokens); wins over maxLength, as in HF. */
  maxNewTokens?: number;
  /**
   * Most tokens in a returned row (HF max_length): prompt + new tokens for decoder-only models, decoder start token +
   * new tokens for encoder-decoder models. HF's default: 20 new tokens (capped at the model's position count).
   */
  maxLength?: number;
  /** Fewest new tokens before an eos token may be chosen (HF min_new_tokens; wins over minLength). */
  minNewTokens?: number;
  /** Fewest tokens in a row (same count as maxLength) before an eos token may be chosen (HF min_length). */
  minLength?: number;
  /** 1: greedy search; more: beam search with that many beams (HF num_beams). */
  numBeams?: number;
  /** Rows returned per input (HF num_return_sequences): the best ones, at most numBeams; 1 for greedy search. */
  numReturnSequences?: number;
  /** Finished beams are scored sum(log p) / length^lengthPenalty, length counting new tokens (HF length_penalty). */
  lengthPenalty?: number;
  /**
   * Beam search stops for an input once numBeams hypotheses are finished (true), once a heuristic says none of the
   * running beams can beat them (false, HF's default), or only when no running beam can (the "never" rule).
   */
  earlyStopping?: boolean | "never";
  /** No n-gram of this size occurs twice in a row (prompt included), HF no_repeat_ngram_size; 0 = off. */
  noRepeatNgramSize?: number;
  /** Scores of tokens already in the row are divided (positive) or multiplied (negative) by this; 1 = off. */
  repetitionPenalty?: number;
  /** Token(s) that end a row (HF eos_token_id). */
  eosTokenId?: number | number[] | null;
  /** Fills rows that finished early; HF's default is the (first) eos token. */
  padTokenId?: number | null;
  /** Encoder-decoder models start decoding with it when no decoderStartTokenId is set. */
  bosTokenId?: number | null;
  /** First decoder token of encoder-decoder models (HF decoder_start_token_id). */
  decoderStartTokenId?: number | null;
  /** Token forced as the first generated one (HF forced_bos_token_id, e.g. mBART's language id). */
  forcedBosTokenId?: number | null;
  /** Token(s) forced as the last one when a row reaches maxLength (HF forced_eos_token_id). */
  forcedEosTokenId?: number | number[] | null;
  /** Sampling is not implemented: only false (HF do_sample), so a config that asks for sampling fails loudly. */
  doSample?: false;
}

/** Every option name, to reject misspelt ones at run time (options may come from JSON or YAML). */
export const GENERATE_OPTION_NAMES: readonly (keyof GenerateOptions)[] = [
  "maxNewTokens",
  "maxLength",
  "minNewTokens",
  "minLength",
  "numBeams",
  "numReturnSequences",
  "lengthPenalty",
  "earlyStopping",
  "noRepeatNgramSize",
  "repetitionPenalty",
  "eosTokenId",
  "padTokenId",
  "bosTokenId",
  "decoderStartTokenId",
  "forcedBosTokenId",
  "forcedEosTokenId",
  "doSample",
];

/** HF's generation-config field name of each option. */
export const HF_NAME_OF_OPTION: Readonly<Record<keyof GenerateOptions, string>> = {
  maxNewTokens: "max_new_tokens",
  maxLength: "max_length",
  minNewTokens: "min_new_tokens",
  minLength: "min_length",
  numBeams: "num_beams",
  numReturnSequences: "num_return_sequences",
  lengthPenalty: "length_penalty",
  earlyStopping: "early_stopping",
  noRepeatNgramSize: "no_repeat_ngram_size",
  repetitionPenalty: "repetition_penalty",
  eosTokenId: "eos_token_id",
  padTokenId: "pad_token_id",
  bosTokenId: "bos_token_id",
  decoderStartTokenId: "decoder_start_token_id",
  forcedBosTokenId: "forced_bos_token_id",
  forcedEosTokenId: "forced_eos_token_id",
  doSample: "do_sample",
};

export function checkOptionNames(options: object): void {
  const known = new Set<string>(GENERATE_OPTION_NAMES);
  const unknown = Object.keys(options).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `generate: unknown option(s) ${unknown.join(", ")} (known: ${GENERATE_OPTION_NAMES.join(", ")})`,
    );
  }
}
