import type * as tf from "@tensorflow/tfjs";
import type { Dropout } from "../common/layers.js";
import type { T5Config } from "./config.js";

/** What every T5 block reads: its weights by HF name, the config and the forward's dropout. */
export interface T5Context {
  weight: (name: string) => tf.Tensor;
  config: T5Config;
  dropout: Dropout;
}
