import * as tf from "@tensorflow/tfjs";
import { tooManyPositions } from "../common/input-shapes.js";
import { type Dropout, embedding } from "../common/layers.js";
import type { BertConfig } from "./config.js";
import { applyLayerNorm, type BertWeightFactory, type LayerNormWeights } from "./weights.js";

export interface EmbeddingInputs {
  /** int [B, T] */
  inputIds: tf.Tensor2D;
  /** int [B, T]; zeros (segment A) when absent. */
  tokenTypeIds?: tf.Tensor;
  /** int [B, T]; 0…T-1 when absent. */
  positionIds?: tf.Tensor;
}

/** BertEmbeddings: word + token type + absolute position embeddings, then LayerNorm and hidden dropout. */
export class BertEmbeddings {
  readonly wordEmbeddings: tf.Variable;
  private readonly positionEmbeddings: tf.Variable;
  private readonly tokenTypeEmbeddings: tf.Variable;
  private readonly norm: LayerNormWeights;

  constructor(
    factory: BertWeightFactory,
    prefix: string,
    private readonly config: BertConfig,
  ) {
    const { vocab_size, hidden_size, max_position_embeddings, type_vocab_size, pad_token_id } = config;
    this.wordEmbeddings = factory.embedding(
      `${prefix}word_embeddings`,
      vocab_size,
      hidden_size,
      pad_token_id,
    );
    this.positionEmbeddings = factory.embedding(
      `${prefix}position_embeddings`,
      max_position_embeddings,
      hidden_size,
    );
    this.tokenTypeEmbeddings = factory.embedding(
      `${prefix}token_type_embeddings`,
      type_vocab_size,
      hidden_size,
    );
    this.norm = factory.layerNorm(`${prefix}LayerNorm`, hidden_size);
  }

  forward(inputs: EmbeddingInputs, dropout: Dropout): tf.Tensor {
    const length = inputs.inputIds.shape[1];
    if (!inputs.positionIds && length > this.config.max_position_embeddings) {
      throw tooManyPositions("BERT", length, this.config.max_position_embeddings, "max_position_embeddings");
    }
    const words = embedding(this.wordEmbeddings, inputs.inputIds);
    const tokenTypes = inputs.tokenTypeIds
      ? embedding(this.tokenTypeEmbeddings, inputs.tokenTypeIds)
      : // every position is segment 0: one row, broadcast over the batch and sequence
        this.tokenTypeEmbeddings.slice([0, 0], [1, -1]).reshape([1, 1, -1]);
    const positions = inputs.positionIds
      ? embedding(this.positionEmbeddings, inputs.positionIds)
      : this.positionEmbeddings.slice([0, 0], [length, -1]).reshape([1, length, -1]);
    // HF's order of the sums (words + token types, then positions), so rounding matches as closely as it can
    const summed = tf.add(tf.add(words, tokenTypes), positions);
    return dropout.apply(applyLayerNorm(summed, this.norm), this.config.hidden_dropout_prob);
  }
}
