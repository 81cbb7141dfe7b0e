import * as tf from "@tensorflow/tfjs";
import { mergeHeads, scaledDotProductAttention, splitHeads } from "../common/attention.js";
import { activation, type Dropout } from "../common/layers.js";
import type { BertConfig } from "./config.js";
import {
  applyLayerNorm,
  applyLinear,
  type BertWeightFactory,
  type LayerNormWeights,
  type LinearWeights,
} from "./weights.js";

/**
 * One BertLayer (post-LayerNorm transformer block): multi-head self-attention, its output projection with dropout
 * and a residual LayerNorm; then the feed-forward intermediate projection with the activation, the output
 * projection with dropout and a residual LayerNorm. Weights under `<prefix>attention.self.query` … as HF names them.
 */
export class BertLayer {
  private readonly query: LinearWeights;
  private readonly key: LinearWeights;
  private readonly value: LinearWeights;
  private readonly attentionOutput: LinearWeights;
  private readonly attentionNorm: LayerNormWeights;
  private readonly intermediate: LinearWeights;
  private readonly output: LinearWeights;
  private readonly outputNorm: LayerNormWeights;
  private readonly act: (x: tf.Tensor) => tf.Tensor;
  private readonly heads: number;
  private readonly scale: number;

  constructor(
    factory: BertWeightFactory,
    prefix: string,
    private readonly config: BertConfig,
  ) {
    const { hidden_size: hidden, intermediate_size: inner } = config;
    this.query = factory.linear(`${prefix}attention.self.query`, hidden, hidden);
    this.key = factory.linear(`${prefix}attention.self.key`, hidden, hidden);
    this.value = factory.linear(`${prefix}attention.self.value`, hidden, hidden);
    this.attentionOutput = factory.linear(`${prefix}attention.output.dense`, hidden, hidden);
    this.attentionNorm = factory.layerNorm(`${prefix}attention.output.LayerNorm`, hidden);
    this.intermediate = factory.linear(`${prefix}intermediate.dense`, hidden, inner);
    this.output = factory.linear(`${prefix}output.dense`, inner, hidden);
    this.outputNorm = factory.layerNorm(`${prefix}output.LayerNorm`, hidden);
    this.act = activation(config.hidden_act);
    this.heads = config.num_attention_heads;
    this.scale = 1 / Math.sqrt(hidden / this.heads);
  }

  /** hidden [B, T, H]; mask additive, broadcastable to [B, heads, T, T]. */
  forward(hidden: tf.Tensor, mask: tf.Tensor, dropout: Dropout): tf.Tensor {
    const { hidden_dropout_prob: hiddenRate, attention_probs_dropout_prob: attentionRate } = this.config;
    const context = mergeHeads(
      scaledDotProductAttention(
        splitHeads(applyLinear(hidden, this.query), this.heads),
        splitHeads(applyLinear(hidden, this.key), this.heads),
        splitHeads(applyLinear(hidden, this.value), this.heads),
        { mask, scale: this.scale, dropout: { layer: dropout, rate: attentionRate } },
      ),
    );
    const attended = applyLayerNorm(
      tf.add(dropout.apply(applyLinear(context, this.attentionOutput), hiddenRate), hidden),
      this.attentionNorm,
    );
    const inner = this.act(applyLinear(attended, this.intermediate));
    return applyLayerNorm(
      tf.add(dropout.apply(applyLinear(inner, this.output), hiddenRate), attended),
      this.outputNorm,
    );
  }
}
