import type * as tf from "@tensorflow/tfjs";
import type { Dropout } from "../common/layers.js";
import type { BartConfig } from "./config.js";

/** What every BART block reads: its weights by HF name, the config and the forward's dropout. */
export interface BartContext {
  weight: (name: string) => tf.Tensor;
  config: BartConfig;
  dropout: Dropout;
}

/** torch.nn.LayerNorm's default epsilon, which every BART layer norm uses. */
export const BART_LAYER_NORM_EPS = 1e-5;
