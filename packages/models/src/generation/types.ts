import type * as tf from "@tensorflow/tfjs";

/**
 * Key/value cache of one decoder: whatever the model keeps between steps (per layer keys and values), opaque to
 * generation except that it can be reordered along the batch axis (beam search) and disposed.
 */
export interface DecoderCache {
  /** Keeps rows `indices` (int32 [N]) of the batch axis, in that order; returns a new cache, disposing the old. */
  reorder(indices: tf.Tensor1D): DecoderCache;
  dispose(): void;
}

/** Encoder output an encoder-decoder model computes once per generate() call. */
export interface EncoderState {
  /** Rows `indices` of the batch axis (beam expansion), as a new state; the old one stays valid. */
  select(indices: tf.Tensor1D): EncoderState;
  dispose(): void;
}

/** What generate() needs of a model: one decoding step with a cache, and (encoder-decoder) the encoder pass. */
export interface GenerativeModel {
  /** config.json's fields (HF names): generate() reads the generation fields from it when there is no generation config. */
  readonly config: Record<string, unknown>;
  /**
   * generation_config.json's fields (HF names) when the model came from a folder that has one (see
   * `loadGenerationConfig`); generate() takes its defaults from here first, as HF's model.generation_config.
   */
  readonly generationConfig?: Record<string, unknown>;
  readonly isEncoderDecoder: boolean;
  /** Encoder-decoder only: the encoder pass over the prompt. */
  encode?(inputIds: tf.Tensor, attentionMask: tf.Tensor): EncoderState;
  /**
   * Logits of the next token for each row given the new tokens `inputIds` [B, t] (the whole prompt on the first step,
   * then one token), the attention mask over every position so far (decoder-only: [B, past + t], where position ids
   * follow the mask as in HF's generate: cumsum(mask) − 1; generate() passes none to an encoder-decoder's decoder,
   * which is causal over its own tokens), the cache from the previous step (undefined at first) and the encoder
   * state with its mask [B, source length]. Returns logits [B, vocab] of the last position and
   * the extended cache as a new object (the given cache stays valid: the caller disposes it). Runs in eval mode;
   * the caller disposes what it gets.
   */
  decodeStep(args: DecodeStepArgs): DecodeStepResult;
}

/** The inputs of GenerativeModel.decodeStep (described there). */
export interface DecodeStepArgs {
  inputIds: tf.Tensor;
  attentionMask?: tf.Tensor;
  cache?: DecoderCache;
  encoder?: EncoderState;
  encoderAttentionMask?: tf.Tensor;
}

/** What GenerativeModel.decodeStep returns: logits of the next token [B, vocab] and the extended cache. */
export interface DecodeStepResult {
  logits: tf.Tensor2D;
  cache: DecoderCache;
}
