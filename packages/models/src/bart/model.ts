import type * as tf from "@tensorflow/tfjs";
import type { NamedParameter } from "@tfjs-trainer/core";
import type { HFConfig } from "../common/config.js";
import type { KeyValue } from "../common/key-value-cache.js";
import { Dropout, linear } from "../common/layers.js";
import {
  ConditionalGenerationModel,
  type DecoderInputs,
  type DecoderRun,
} from "../seq2seq/conditional-generation.js";
import { type ShiftIds, shiftTokensRightTensor } from "../seq2seq/shift-right.js";
import { type BartConfig, bartConfig } from "./config.js";
import type { BartContext } from "./context.js";
import { declareBartParameters, FINAL_LOGITS_BIAS } from "./parameters.js";
import { bartCrossKeyValues, bartDecoder, bartEncoder } from "./stacks.js";

/**
 * HF's BartForConditionalGeneration: BART's encoder-decoder with the LM head tied to the shared token table, plus
 * final_logits_bias. Weights, config.json and model.safetensors as HF names and stores them.
 */
export class BartForConditionalGeneration extends ConditionalGenerationModel<BartConfig> {
  readonly modelClass = "BartForConditionalGeneration";
  override readonly basePrefix = "model";

  constructor(config: HFConfig = {}, seed = 0) {
    super(bartConfig(config), seed);
    declareBartParameters(this.params, this.config);
  }

  /** Trainable weights: final_logits_bias is a buffer in HF (loaded and saved, never trained), so it is left out. */
  override namedParameters(): NamedParameter[] {
    return super.namedParameters().filter(({ name }) => name !== FINAL_LOGITS_BIAS);
  }

  protected shiftIds(): ShiftIds {
    return { decoderStartTokenId: this.config.decoder_start_token_id, padTokenId: this.config.pad_token_id };
  }

  /** BartModel shifts input_ids when it has neither decoder inputs nor labels (denoising pre-training). */
  protected decoderInputsWithoutLabels(inputIds: tf.Tensor): tf.Tensor {
    return shiftTokensRightTensor(inputIds, this.shiftIds());
  }

  protected runEncoder(inputIds: tf.Tensor, attentionMask: tf.Tensor, dropout: Dropout): tf.Tensor {
    return bartEncoder(this.context(dropout), inputIds, attentionMask);
  }

  protected crossKeyValues(encoderHidden: tf.Tensor): KeyValue[] {
    return bartCrossKeyValues(this.context(), encoderHidden);
  }

  protected runDecoder(inputs: DecoderInputs): DecoderRun {
    return bartDecoder(this.context(inputs.dropout), inputs);
  }

  protected lmLogits(hidden: tf.Tensor): tf.Tensor {
    return linear(hidden, this.weight("lm_head.weight"), this.weight(FINAL_LOGITS_BIAS));
  }

  protected embeddingWeightNames(): readonly string[] {
    return [
      "model.shared.weight",
      "model.encoder.embed_positions.weight",
      "model.decoder.embed_positions.weight",
    ];
  }

  private context(dropout?: Dropout): BartContext {
    return {
      weight: (name) => this.weight(name),
      config: this.config,
      dropout: dropout ?? new Dropout(false, undefined),
    };
  }
}
