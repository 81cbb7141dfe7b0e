import * as tf from "@tensorflow/tfjs";
import type { HFConfig } from "../common/config.js";
import type { KeyValue } from "../common/key-value-cache.js";
import { Dropout, linear } from "../common/layers.js";
import {
  ConditionalGenerationModel,
  type DecoderInputs,
  type DecoderRun,
} from "../seq2seq/conditional-generation.js";
import type { ShiftIds } from "../seq2seq/shift-right.js";
import { type T5Config, t5Config } from "./config.js";
import type { T5Context } from "./context.js";
import { declareT5Parameters, T5_SHARED_EMBEDDINGS } from "./parameters.js";
import { t5CrossKeyValues, t5Decoder, t5Encoder } from "./stacks.js";

/**
 * HF's T5ForConditionalGeneration: T5's encoder-decoder (relative position buckets, RMS norms, unscaled attention)
 * with the LM head tied to the shared token table. Weights, config.json and model.safetensors as HF names and stores
 * them.
 */
export class T5ForConditionalGeneration extends ConditionalGenerationModel<T5Config> {
  readonly modelClass = "T5ForConditionalGeneration";
  /**
   * A separate lm_head.weight, for configs that say tie_word_embeddings: false (T5 v1.1 / flan-t5 checkpoints written
   * before HF 5, which store their own head). HF 5.x reads that flag only as "do not scale the decoder output".
   */
  readonly untiedHead: boolean;

  constructor(config: HFConfig = {}, seed = 0) {
    super(t5Config(config), seed);
    this.untiedHead = config.tie_word_embeddings === false;
    declareT5Parameters(this.params, this.config, this.untiedHead);
  }

  protected shiftIds(): ShiftIds {
    const start = this.config.decoder_start_token_id;
    if (typeof start !== "number") {
      throw new Error(
        `${this.modelClass}: config.decoder_start_token_id has to be set to build decoder inputs (T5 uses the pad id)`,
      );
    }
    return { decoderStartTokenId: start, padTokenId: this.config.pad_token_id };
  }

  protected decoderInputsWithoutLabels(): tf.Tensor {
    throw new Error(`${this.modelClass}.forward needs decoder_input_ids or labels`);
  }

  protected runEncoder(inputIds: tf.Tensor, attentionMask: tf.Tensor, dropout: Dropout): tf.Tensor {
    return t5Encoder(this.context(dropout), inputIds, attentionMask);
  }

  protected crossKeyValues(encoderHidden: tf.Tensor): KeyValue[] {
    return t5CrossKeyValues(this.context(), encoderHidden);
  }

  protected runDecoder(inputs: DecoderInputs): DecoderRun {
    return t5Decoder(this.context(inputs.dropout), inputs);
  }

  protected lmLogits(hidden: tf.Tensor): tf.Tensor {
    const scaled = this.config.scale_decoder_outputs ? tf.mul(hidden, this.config.d_model ** -0.5) : hidden;
    return linear(scaled, this.weight("lm_head.weight"));
  }

  /** The token table and the relative position tables (nn.Embedding modules in HF). */
  protected embeddingWeightNames(): readonly string[] {
    return [
      T5_SHARED_EMBEDDINGS,
      "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
      "decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
    ];
  }

  private context(dropout?: Dropout): T5Context {
    return {
      weight: (name) => this.weight(name),
      config: this.config,
      dropout: dropout ?? new Dropout(false, undefined),
    };
  }
}
