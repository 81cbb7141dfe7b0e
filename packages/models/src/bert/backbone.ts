import * as tf from "@tensorflow/tfjs";
import { causalMask, paddingMask } from "../common/attention.js";
import { requireSameShape } from "../common/input-shapes.js";
import type { Dropout } from "../common/layers.js";
import type { BertConfig } from "./config.js";
import { BertEmbeddings } from "./embeddings.js";
import { BertLayer } from "./layer.js";
import { applyLinear, type BertWeightFactory, type LinearWeights } from "./weights.js";

export interface BackboneInputs {
  /** int [B, T] */
  inputIds: tf.Tensor;
  /** [B, T], 1 = attend; all ones when absent. */
  attentionMask?: tf.Tensor;
  tokenTypeIds?: tf.Tensor;
  positionIds?: tf.Tensor;
}

export interface BackboneOutputs {
  /** [B, T, H] */
  sequenceOutput: tf.Tensor;
  /** [B, H]: tanh(dense(hidden state of the first token)); only with a pooling layer. */
  pooledOutput?: tf.Tensor;
}

/**
 * HF's BertModel body, with its weights under `prefix` (`""` for BertModel itself, `"bert."` inside a head):
 * embeddings, the encoder layers and, when asked, the pooler. Heads that HF builds with add_pooling_layer=False
 * (token classification, QA, masked LM) have no pooler weights at all, so their files match HF's.
 */
export class BertBackbone {
  readonly embeddings: BertEmbeddings;
  private readonly layers: BertLayer[];
  private readonly pooler?: LinearWeights;

  constructor(
    factory: BertWeightFactory,
    prefix: string,
    private readonly config: BertConfig,
    addPoolingLayer: boolean,
  ) {
    this.embeddings = new BertEmbeddings(factory, `${prefix}embeddings.`, config);
    this.layers = Array.from(
      { length: config.num_hidden_layers },
      (_, i) => new BertLayer(factory, `${prefix}encoder.layer.${i}.`, config),
    );
    if (addPoolingLayer) {
      this.pooler = factory.linear(`${prefix}pooler.dense`, config.hidden_size, config.hidden_size);
    }
  }

  forward(inputs: BackboneInputs, dropout: Dropout): BackboneOutputs {
    const { inputIds, attentionMask } = inputs;
    if (inputIds.rank !== 2) {
      throw new Error(`input_ids must be [batch, sequence], got shape [${inputIds.shape.join(", ")}]`);
    }
    const ids = inputIds as tf.Tensor2D;
    requireSameShape("BERT", "attention_mask", attentionMask, ids.shape, "input_ids");
    requireSameShape("BERT", "token_type_ids", inputs.tokenTypeIds, ids.shape, "input_ids");
    const length = ids.shape[1];
    let hidden = this.embeddings.forward({ ...inputs, inputIds: ids }, dropout);
    let mask = attentionMask ? paddingMask(attentionMask) : tf.zeros([1, 1, 1, length]);
    // HF's BertModel with is_decoder attends only to earlier positions (BertLMHeadModel's setting)
    if (this.config.is_decoder) mask = tf.add(mask, causalMask(length, length));
    for (const layer of this.layers) hidden = layer.forward(hidden, mask, dropout);
    if (!this.pooler) return { sequenceOutput: hidden };
    const first = hidden.slice([0, 0, 0], [-1, 1, -1]).squeeze([1]);
    return { sequenceOutput: hidden, pooledOutput: tf.tanh(applyLinear(first, this.pooler)) };
  }
}
