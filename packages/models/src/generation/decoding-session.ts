import * as tf from "@tensorflow/tfjs";
import type { ScoresProcessor } from "./logits-processors.js";
import type { ResolvedGeneration } from "./resolve.js";
import type { DecoderCache, EncoderState, GenerativeModel } from "./types.js";

/** What decoding starts from: prompt rows (decoder-only) or the encoder's input (encoder-decoder). */
export interface SessionStart {
  /** int32 [B, T]: the prompt rows of a decoder-only model, the source rows of an encoder-decoder one. */
  inputIds: tf.Tensor2D;
  /** [B, T], 1 = real token. */
  attentionMask: tf.Tensor2D;
  /** Decoding rows per input (numBeams): row b · rowsPerInput + j belongs to input b. */
  rowsPerInput: number;
  /** Encoder-decoder: the decoder's first token of every row. */
  decoderStartTokenId?: number;
}

/**
 * What a search (greedy, beam) starts from: the started session with the scores of its first step, every input's
 * prompt (the decoder start token for an encoder-decoder), and the resolved settings with their logits processors.
 */
export interface SearchStart {
  session: DecodingSession;
  first: { scores: Float32Array; vocab: number };
  prompts: readonly (readonly number[])[];
  config: ResolvedGeneration;
  processors: readonly ScoresProcessor[];
}

/**
 * The tensors of one generate() call: the model's cache, the growing attention mask (decoder-only) and the encoder
 * state (encoder-decoder). Each step feeds one token per row and hands back the next-token scores as host floats;
 * every tensor it made is disposed by the next step or by dispose().
 */
export class DecodingSession {
  private cache: DecoderCache | undefined;
  private attentionMask: tf.Tensor | undefined;
  private encoder: EncoderState | undefined;
  private encoderAttentionMask: tf.Tensor | undefined;

  private constructor(
    private readonly model: GenerativeModel,
    private readonly logSoftmax: boolean,
  ) {}

  /**
   * Runs the prompt (or the encoder and the start token) and returns the first scores [N · vocab]. `logSoftmax`
   * gives log-probabilities (beam search) instead of logits (greedy search).
   */
  static async start(
    model: GenerativeModel,
    start: SessionStart,
    logSoftmax: boolean,
  ): Promise<{ session: DecodingSession; scores: Float32Array; vocab: number }> {
    const session = new DecodingSession(model, logSoftmax);
    const inputs = start.inputIds.shape[0];
    // HF's _expand_inputs_for_generation: each input repeated for its rows (the encoder still runs once per input).
    const expansion = tf.tensor1d(
      Array.from({ length: inputs * start.rowsPerInput }, (_, row) => Math.floor(row / start.rowsPerInput)),
      "int32",
    );
    try {
      const rows = inputs * start.rowsPerInput;
      let firstIds: tf.Tensor2D;
      const expandedMask = tf.gather(start.attentionMask, expansion, 0);
      if (model.isEncoderDecoder) {
        if (!model.encode) throw new Error("generate: the encoder-decoder model has no encode()");
        session.encoderAttentionMask = expandedMask;
        const encoded = model.encode(start.inputIds, start.attentionMask);
        if (start.rowsPerInput === 1) {
          session.encoder = encoded;
        } else {
          try {
            session.encoder = encoded.select(expansion);
          } finally {
            encoded.dispose();
          }
        }
        firstIds = tf.fill([rows, 1], start.decoderStartTokenId ?? 0, "int32") as tf.Tensor2D;
      } else {
        session.attentionMask = expandedMask;
        firstIds = tf.gather(start.inputIds, expansion, 0) as tf.Tensor2D;
      }
      const { scores, vocab } = await session.decode(firstIds);
      return { session, scores, vocab };
    } catch (error) {
      session.dispose();
      throw error;
    } finally {
      expansion.dispose();
    }
  }

  /** Feeds one token per row and returns the next scores [N · vocab]. */
  async step(tokens: readonly number[]): Promise<Float32Array> {
    const ids = tf.tensor2d([...tokens], [tokens.length, 1], "int32");
    if (this.attentionMask) {
      const grown = tf.tidy(() =>
        tf.concat([this.attentionMask!, tf.ones([tokens.length, 1], this.attentionMask!.dtype)], 1),
      );
      this.attentionMask.dispose();
      this.attentionMask = grown;
    }
    return (await this.decode(ids)).scores;
  }

  /** Keeps cache rows `rows` in that order (beam search: each new beam continues the beam it came from). */
  reorder(rows: readonly number[]): void {
    if (!this.cache) return;
    const indices = tf.tensor1d([...rows], "int32");
    try {
      this.cache = this.cache.reorder(indices);
    } finally {
      indices.dispose();
    }
  }

  dispose(): void {
    this.cache?.dispose();
    this.attentionMask?.dispose();
    this.encoder?.dispose();
    this.encoderAttentionMask?.dispose();
    this.cache = undefined;
    this.attentionMask = undefined;
    this.encoder = undefined;
    this.encoderAttentionMask = undefined;
  }

  private async decode(ids: tf.Tensor2D): Promise<{ scores: Float32Array; vocab: number }> {
    let logits: tf.Tensor2D;
    try {
      const out = this.model.decodeStep({
        inputIds: ids,
        attentionMask: this.attentionMask,
        cache: this.cache,
        encoder: this.encoder,
        encoderAttentionMask: this.encoderAttentionMask,
      });
      this.cache?.dispose();
      this.cache = out.cache;
      logits = out.logits;
    } finally {
      ids.dispose();
    }
    const scores = this.logSoftmax ? tf.tidy(() => tf.logSoftmax(logits)) : logits;
    try {
      // A copy: processors rewrite the scores in place, and a backend may hand out its own buffer.
      return { scores: Float32Array.from(await scores.data()), vocab: logits.shape[1] as number };
    } finally {
      if (scores !== logits) scores.dispose();
      logits.dispose();
    }
  }
}
