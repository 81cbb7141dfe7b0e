import * as tf from "@tensorflow/tfjs";
import { crossEntropy, type ForwardOptions, type IndexedColumn, type ModelOutput } from "@tfjs-trainer/core";
import type { HostTensor } from "@tfjs-trainer/data";
import type { HFConfig } from "../common/config.js";
import { idColumn, labelColumn } from "../common/indexed-columns.js";
import { requireSameShape } from "../common/input-shapes.js";
import type { KeyValue } from "../common/key-value-cache.js";
import { Dropout } from "../common/layers.js";
import type { LoadReport } from "../common/parameter-store.js";
import { PreTrainedModel } from "../common/pretrained-model.js";
import {
  type GenerationConfig,
  generationConfigFromModelConfig,
  loadGenerationConfig,
  writeGenerationConfig,
} from "../generation/generation-config.js";
import type { DecodeStepArgs, DecodeStepResult, GenerativeModel } from "../generation/types.js";
import { requireSelfAttentionCache, SelfAttentionCache } from "./decoder-cache.js";
import { CrossAttentionState, requireCrossAttentionState } from "./encoder-state.js";
import { type ShiftIds, shiftTokensRight, shiftTokensRightTensor } from "./shift-right.js";

/** What a decoder pass reads. Without `crossKeyValues` each layer projects `encoderHidden` itself. */
export interface DecoderInputs {
  inputIds: tf.Tensor;
  /** Decoder padding mask over past + new positions, when the caller has one. */
  decoderAttentionMask?: tf.Tensor;
  past?: SelfAttentionCache;
  encoderHidden: tf.Tensor;
  encoderAttentionMask: tf.Tensor;
  crossKeyValues?: readonly KeyValue[];
  dropout: Dropout;
}

/** The decoder's last hidden states [B, T, d_model] and every layer's self-attention keys/values, past included. */
export interface DecoderRun {
  hidden: tf.Tensor;
  present: KeyValue[];
}

export const SEQ2SEQ_INPUT_NAMES = [
  "input_ids",
  "attention_mask",
  "decoder_input_ids",
  "decoder_attention_mask",
  "labels",
] as const;

/**
 * What BART and T5 share as HF's *ForConditionalGeneration: decoder inputs from labels by shift right, cross-entropy
 * over labels (-100 ignored), the encoder pass once per prompt and a cached decoder step for generation. Subclasses
 * give the encoder, the decoder and the head.
 */
export abstract class ConditionalGenerationModel<C extends HFConfig>
  extends PreTrainedModel<C>
  implements GenerativeModel
{
  readonly isEncoderDecoder = true;
  readonly inputNames: readonly string[] = SEQ2SEQ_INPUT_NAMES;
  /**
   * HF 5.x's forward takes **kwargs, so its Trainer sets model_accepts_loss_kwargs, passes num_items_in_batch and stops
   * dividing by the accumulation steps. HF's BART and T5 heads then drop the count (each micro-batch loss stays a mean,
   * so a window sums means); here the loss uses it: summed cross-entropy over the count, the token mean of the whole
   * window. Both agree when gradient_accumulation_steps is 1.
   */
  readonly acceptsLossKwargs = true;
  /** What generate() uses by default: generation_config.json of the folder it came from, else config.json's fields. */
  generationConfig: GenerationConfig;

  constructor(config: C, seed = 0) {
    super(config, seed);
    this.generationConfig = generationConfigFromModelConfig(config);
  }

  /** The decoder's start and pad ids (config fields, checked where a model needs them). */
  protected abstract shiftIds(): ShiftIds;
  /** Decoder inputs when neither decoder_input_ids nor labels are given. */
  protected abstract decoderInputsWithoutLabels(inputIds: tf.Tensor): tf.Tensor;
  protected abstract runEncoder(inputIds: tf.Tensor, attentionMask: tf.Tensor, dropout: Dropout): tf.Tensor;
  protected abstract crossKeyValues(encoderHidden: tf.Tensor): KeyValue[];
  protected abstract runDecoder(inputs: DecoderInputs): DecoderRun;
  /** Decoder hidden states → vocabulary logits. */
  protected abstract lmLogits(hidden: tf.Tensor): tf.Tensor;
  /** HF names of the weights num_parameters(exclude_embeddings=True) leaves out (its nn.Embedding tables). */
  protected abstract embeddingWeightNames(): readonly string[];

  /** Loads the weights and, as HF's from_pretrained, the folder's generation config. */
  override async loadWeights(
    dir: string,
    warn: (message: string) => void = console.warn,
  ): Promise<LoadReport> {
    const report = await super.loadWeights(dir, warn);
    this.generationConfig = await loadGenerationConfig(dir, this.config);
    return report;
  }

  /** config.json, model.safetensors (tied weights once) and generation_config.json, as HF's save_pretrained. */
  override async savePretrained(dir: string): Promise<void> {
    await super.savePretrained(dir);
    await writeGenerationConfig(dir, this.generationConfig);
  }

  /** Encoder and decoder ids and the labels all index the shared vocabulary. */
  indexedColumns(): Record<string, IndexedColumn> {
    const vocab = (this.config as HFConfig & { vocab_size: number }).vocab_size;
    return {
      input_ids: idColumn(vocab, "vocab_size"),
      decoder_input_ids: idColumn(vocab, "vocab_size"),
      labels: labelColumn(vocab, "vocab_size"),
    };
  }

  /** HF's prepare_decoder_input_ids_from_labels, on the host (DataCollatorForSeq2Seq calls it per batch). */
  prepareDecoderInputIdsFromLabels(labels: HostTensor): HostTensor {
    return shiftTokensRight(labels, this.shiftIds());
  }

  forward(inputs: Record<string, tf.Tensor>, options: ForwardOptions): ModelOutput {
    const inputIds = inputs.input_ids;
    if (!inputIds) throw new Error(`${this.modelClass}.forward needs input_ids`);
    const labels = inputs.labels;
    const dropout = new Dropout(options.training, options.seed);
    return tf.tidy(() => {
      requireSameShape(this.modelClass, "attention_mask", inputs.attention_mask, inputIds.shape, "input_ids");
      const attentionMask = inputs.attention_mask ?? tf.onesLike(inputIds);
      const decoderInputIds =
        inputs.decoder_input_ids ??
        (labels
          ? shiftTokensRightTensor(labels, this.shiftIds())
          : this.decoderInputsWithoutLabels(inputIds));
      const encoderHidden = this.runEncoder(inputIds, attentionMask, dropout);
      const { hidden } = this.runDecoder({
        inputIds: decoderInputIds,
        decoderAttentionMask: inputs.decoder_attention_mask,
        encoderHidden,
        encoderAttentionMask: attentionMask,
        dropout,
      });
      const logits = this.lmLogits(hidden);
      if (!labels) return { logits };
      return { logits, loss: crossEntropy(logits, labels, options.numItemsInBatch) };
    });
  }

  encode(inputIds: tf.Tensor, attentionMask: tf.Tensor): CrossAttentionState {
    const state = tf.tidy(() => {
      const hidden = this.runEncoder(inputIds, attentionMask, new Dropout(false, undefined));
      return { hidden, mask: attentionMask.clone(), keyValues: this.crossKeyValues(hidden) };
    });
    return new CrossAttentionState(state.hidden, state.mask, state.keyValues);
  }

  decodeStep(args: DecodeStepArgs): DecodeStepResult {
    const encoder = requireCrossAttentionState(args.encoder, this.modelClass);
    const past = requireSelfAttentionCache(args.cache, this.modelClass);
    const step = tf.tidy(() => {
      const { hidden, present } = this.runDecoder({
        inputIds: args.inputIds,
        decoderAttentionMask: args.attentionMask,
        past,
        encoderHidden: encoder.hidden,
        encoderAttentionMask: args.encoderAttentionMask ?? encoder.attentionMask,
        crossKeyValues: encoder.crossKeyValues,
        dropout: new Dropout(false, undefined),
      });
      const [batch, length, width] = hidden.shape;
      const last = hidden.slice([0, length - 1, 0], [batch, 1, width]);
      const logits = this.lmLogits(last).reshape([batch, -1]) as tf.Tensor2D;
      return { logits, present };
    });
    return { logits: step.logits, cache: new SelfAttentionCache(step.present) };
  }

  /** HF's floating_point_ops: 6 × encoder tokens × parameters other than embedding tables (tied weights once). */
  floatingPointOps(batch: Record<string, { shape: number[] }>): number {
    const ids = batch.input_ids;
    if (!ids) return 0;
    const tokens = ids.shape.reduce((a, b) => a * b, 1);
    return 6 * tokens * this.nonEmbeddingParameterCount();
  }

  private nonEmbeddingParameterCount(): number {
    const embeddings = new Set(this.embeddingWeightNames());
    return this.namedParameters()
      .filter(({ name }) => !embeddings.has(name))
      .reduce((sum, { variable }) => sum + variable.size, 0);
  }
}
