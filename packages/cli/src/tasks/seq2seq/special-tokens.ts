import type { PreTrainedTokenizer } from "@tfjs-trainer/tokenizers";

/** The ids an encoder-decoder model and its collator need, from the tokenizer the run uses. */
export interface Seq2SeqSpecialIds {
  pad: number;
  /** Ends every target, so the model learns where to stop generating. */
  eos: number;
  /** The decoder's first input (BART starts with its eos, T5 with its pad). */
  decoderStart: number;
}

/**
 * A trained byte-level BPE tokenizer has one special token (pad, bos and eos at once); a WordPiece one has
 * [PAD] / [CLS] / [SEP] and no eos, so [SEP] ends a sequence as BERT2BERT models do.
 */
export function specialIds(tokenizer: PreTrainedTokenizer, task: string): Seq2SeqSpecialIds {
  const eos = tokenizer.eosTokenId ?? tokenizer.sepTokenId;
  const pad = tokenizer.padTokenId ?? eos;
  if (eos === undefined || pad === undefined) {
    throw new Error(
      `${task}: the tokenizer has no end-of-sequence token (eos_token or sep_token in its tokenizer_config.json), ` +
        "which ends every target",
    );
  }
  return { pad, eos, decoderStart: tokenizer.bosTokenId ?? tokenizer.clsTokenId ?? eos };
}

/**
 * The model config fields that follow from the tokenizer: a model trained from scratch gets them; a checkpoint keeps
 * its own. forced_eos_token_id is BART's way to end a generation cut at max_length.
 */
export function seq2seqModelConfig(
  tokenizer: PreTrainedTokenizer,
  ids: Seq2SeqSpecialIds,
): Record<string, unknown> {
  return {
    vocab_size: tokenizer.vocabSize,
    pad_token_id: ids.pad,
    eos_token_id: ids.eos,
    bos_token_id: ids.decoderStart,
    decoder_start_token_id: ids.decoderStart,
    forced_eos_token_id: ids.eos,
  };
}
