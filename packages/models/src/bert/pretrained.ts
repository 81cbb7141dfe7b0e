import type * as tf from "@tensorflow/tfjs";
import type { ForwardOptions, IndexedColumn } from "@tfjs-trainer/core";
import type { HFConfig } from "../common/config.js";
import { idColumn } from "../common/indexed-columns.js";
import { Dropout } from "../common/layers.js";
import { PreTrainedModel } from "../common/pretrained-model.js";
import { type BackboneInputs, BertBackbone } from "./backbone.js";
import { type BertConfig, resolveBertConfig } from "./config.js";
import { BertWeightFactory } from "./weights.js";

/** What every BERT forward reads besides its labels (HF's forward arguments of the same names). */
export const BERT_INPUT_NAMES = ["input_ids", "attention_mask", "token_type_ids", "position_ids"] as const;

/** Weights HF counts as embeddings (nn.Embedding modules), left out of the FLOP estimate as HF leaves them out. */
const EMBEDDING_WEIGHT = /(^|\.)(word|position|token_type)_embeddings\.weight$/;

export interface BackboneLayout {
  /** Name prefix of the body's weights: "" for BertModel, "bert." in heads (HF's base_model_prefix). */
  prefix: string;
  /** Whether the body has the pooler (HF's add_pooling_layer). */
  pooling: boolean;
}

/**
 * What the BERT classes share: the resolved config, HF's weight init, the body, dropout per forward pass and the
 * contract's fixed answers. BERT heads compute their loss as a mean over their own batch and ignore
 * num_items_in_batch, as HF's do, so `acceptsLossKwargs` is false and the trainer divides by the accumulation steps.
 */
export abstract class BertPreTrainedModel extends PreTrainedModel<BertConfig> {
  override readonly basePrefix = "bert";
  readonly acceptsLossKwargs = false;
  /** Columns holding labels (HF's label_names): what the trainer gathers as label_ids in evaluation. */
  abstract readonly labelNames: readonly string[];
  protected readonly factory: BertWeightFactory;
  protected readonly backbone: BertBackbone;

  constructor(config: HFConfig, seed: number, layout: BackboneLayout) {
    super(resolveBertConfig(config), seed);
    this.factory = new BertWeightFactory(
      this.params,
      this.config.initializer_range,
      this.config.layer_norm_eps,
    );
    this.backbone = new BertBackbone(this.factory, layout.prefix, this.config, layout.pooling);
  }

  /** The word embedding table (the MLM decoder's tied weight). */
  get wordEmbeddings(): tf.Variable {
    return this.backbone.embeddings.wordEmbeddings;
  }

  /** HF's floating_point_ops: 6 × input_ids elements × parameters other than the embedding tables. */
  floatingPointOps(batch: Record<string, { shape: number[] }>): number {
    const ids = batch.input_ids;
    if (!ids) return 0;
    const tokens = ids.shape.reduce((a, b) => a * b, 1);
    let parameters = 0;
    for (const { name, variable } of this.namedParameters()) {
      if (!EMBEDDING_WEIGHT.test(name)) parameters += variable.size;
    }
    return 6 * tokens * parameters;
  }

  /** Ids the embeddings gather from, and the head's labels (checked by the trainer before each step). */
  indexedColumns(shapes: Record<string, { shape: readonly number[] }>): Record<string, IndexedColumn> {
    const { vocab_size, type_vocab_size, max_position_embeddings } = this.config;
    return {
      input_ids: idColumn(vocab_size, "vocab_size"),
      token_type_ids: idColumn(type_vocab_size, "type_vocab_size"),
      position_ids: idColumn(max_position_embeddings, "max_position_embeddings"),
      ...this.labelColumns(shapes),
    };
  }

  /** The head's label columns that index classes; none for the bare model and QA (HF clamps positions). */
  protected labelColumns(
    _shapes: Record<string, { shape: readonly number[] }>,
  ): Record<string, IndexedColumn> {
    return {};
  }

  /** The body's inputs from the batch; `input_ids` is required, the rest take HF's defaults. */
  protected backboneInputs(inputs: Record<string, tf.Tensor>): BackboneInputs {
    const inputIds = inputs.input_ids;
    if (!inputIds) throw new Error(`${this.modelClass}.forward: the batch has no input_ids`);
    return {
      inputIds,
      attentionMask: inputs.attention_mask,
      tokenTypeIds: inputs.token_type_ids,
      positionIds: inputs.position_ids,
    };
  }

  /** The dropout of one forward pass: active only in training, its masks drawn from the pass's seed. */
  protected dropoutFor(options: ForwardOptions): Dropout {
    return new Dropout(options.training, options.seed);
  }
}
