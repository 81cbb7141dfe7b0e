import * as tf from "@tensorflow/tfjs";
import { layerNorm, linear } from "../common/layers.js";
import type { ParameterStore } from "../common/parameter-store.js";

/** torch.nn.Linear's parameters: weight [out, in] and bias [out]. */
export interface LinearWeights {
  weight: tf.Variable;
  bias: tf.Variable;
}

/** torch.nn.LayerNorm's parameters and its epsilon. */
export interface LayerNormWeights {
  weight: tf.Variable;
  bias: tf.Variable;
  eps: number;
}

/**
 * Declares weights under HF module names with HF BERT's `_init_weights`: linear and embedding weights
 * normal(0, initializer_range), biases zero, LayerNorm weight one and bias zero, the padding row of an embedding zero.
 */
export class BertWeightFactory {
  constructor(
    private readonly params: ParameterStore,
    private readonly initializerRange: number,
    private readonly layerNormEps: number,
  ) {}

  linear(name: string, inFeatures: number, outFeatures: number): LinearWeights {
    return {
      weight: this.linearWeight(name, inFeatures, outFeatures),
      bias: this.params.create(`${name}.bias`, [outFeatures], { kind: "zeros" }),
    };
  }

  /** A linear layer's weight [out, in] alone, for a layer whose bias lives elsewhere (the MLM decoder). */
  linearWeight(name: string, inFeatures: number, outFeatures: number): tf.Variable {
    return this.params.create(`${name}.weight`, [outFeatures, inFeatures], {
      kind: "normal",
      std: this.initializerRange,
    });
  }

  layerNorm(name: string, size: number): LayerNormWeights {
    return {
      weight: this.params.create(`${name}.weight`, [size], { kind: "ones" }),
      bias: this.params.create(`${name}.bias`, [size], { kind: "zeros" }),
      eps: this.layerNormEps,
    };
  }

  /** An embedding table [rows, dim]; the row `paddingIdx` starts at zero, as torch's padding_idx does. */
  embedding(name: string, rows: number, dim: number, paddingIdx?: number | null): tf.Variable {
    const table = this.params.create(`${name}.weight`, [rows, dim], {
      kind: "normal",
      std: this.initializerRange,
    });
    if (typeof paddingIdx === "number" && paddingIdx >= 0 && paddingIdx < rows) {
      tf.tidy(() => {
        const keep = tf
          .notEqual(tf.range(0, rows, 1, "int32"), paddingIdx)
          .toFloat()
          .reshape([rows, 1]);
        table.assign(tf.mul(table, keep));
      });
    }
    return table;
  }

  /** A bias vector on its own (the MLM decoder's `cls.predictions.bias`). */
  bias(name: string, size: number): tf.Variable {
    return this.params.create(name, [size], { kind: "zeros" });
  }
}

export function applyLinear(x: tf.Tensor, w: LinearWeights): tf.Tensor {
  return linear(x, w.weight, w.bias);
}

export function applyLayerNorm(x: tf.Tensor, w: LayerNormWeights): tf.Tensor {
  return layerNorm(x, w.weight, w.bias, w.eps);
}
