import * as tf from "@tensorflow/tfjs";
import { crossEntropy, type ForwardOptions, type IndexedColumn, type ModelOutput } from "@tfjs-trainer/core";
import type { HFConfig } from "../../common/config.js";
import { labelColumn } from "../../common/indexed-columns.js";
import { activation } from "../../common/layers.js";
import { BERT_INPUT_NAMES, BertPreTrainedModel } from "../pretrained.js";
import { applyLayerNorm, applyLinear, type LayerNormWeights, type LinearWeights } from "../weights.js";

const WORD_EMBEDDINGS = "bert.embeddings.word_embeddings.weight";

/**
 * HF's BertForMaskedLM: hidden states → `cls.predictions.transform` (dense, activation, LayerNorm) → the decoder,
 * whose weight is the word embedding table (tie_word_embeddings, HF's default) and whose bias is
 * `cls.predictions.bias` → logits [B, T, vocab]; cross-entropy over the tokens whose label is not -100.
 * Tied weights are one variable: `cls.predictions.decoder.weight` / `.bias` are accepted when loading (older files
 * carry them) and never written, as HF stores them once. No pooler (HF's add_pooling_layer=False).
 */
export class BertForMaskedLM extends BertPreTrainedModel {
  readonly modelClass = "BertForMaskedLM";
  readonly inputNames = [...BERT_INPUT_NAMES, "labels"] as const;
  readonly labelNames = ["labels"] as const;
  private readonly transform: LinearWeights;
  private readonly transformNorm: LayerNormWeights;
  private readonly act: (x: tf.Tensor) => tf.Tensor;
  private readonly decoderWeight: tf.Variable;
  private readonly decoderBias: tf.Variable;

  constructor(config: HFConfig, seed = 0) {
    super(config, seed, { prefix: "bert.", pooling: false });
    const { hidden_size: hidden, vocab_size: vocab } = this.config;
    this.transform = this.factory.linear("cls.predictions.transform.dense", hidden, hidden);
    this.act = activation(this.config.hidden_act);
    this.transformNorm = this.factory.layerNorm("cls.predictions.transform.LayerNorm", hidden);
    this.decoderBias = this.factory.bias("cls.predictions.bias", vocab);
    this.params.tie("cls.predictions.decoder.bias", "cls.predictions.bias");
    if (this.config.tie_word_embeddings) {
      this.params.tie("cls.predictions.decoder.weight", WORD_EMBEDDINGS);
      this.decoderWeight = this.wordEmbeddings;
    } else {
      this.decoderWeight = this.factory.linearWeight("cls.predictions.decoder", hidden, vocab);
    }
  }

  protected override labelColumns(): Record<string, IndexedColumn> {
    return { labels: labelColumn(this.config.vocab_size, "vocab_size") };
  }

  forward(inputs: Record<string, tf.Tensor>, options: ForwardOptions): ModelOutput {
    return tf.tidy(() => {
      const { sequenceOutput } = this.backbone.forward(this.backboneInputs(inputs), this.dropoutFor(options));
      const transformed = applyLayerNorm(
        this.act(applyLinear(sequenceOutput, this.transform)),
        this.transformNorm,
      );
      const logits = applyLinear(transformed, { weight: this.decoderWeight, bias: this.decoderBias });
      return inputs.labels ? { loss: crossEntropy(logits, inputs.labels), logits } : { logits };
    });
  }
}
