import * as tf from "@tensorflow/tfjs";
import type { RowShape } from "./synthetic-rows.js";

/** The LayersModel both model.fit and the Trainer (through LayersModelAdapter) train, and its batches. */
export const LAYERS_WORKLOAD = {
  label: "LayersModel (embedding 2000×64, mean-pool, dense 256-256-2), batch 32 × seq 32",
  batch: 32,
  rows: { seq: 32, vocab: 2000, numLabels: 2 } satisfies RowShape,
  learningRate: 1e-3,
};

export function createLayersModel(): tf.LayersModel {
  const { seq, vocab, numLabels } = LAYERS_WORKLOAD.rows;
  return tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: vocab, outputDim: 64, inputLength: seq }),
      tf.layers.globalAveragePooling1d(),
      tf.layers.dense({ units: 256, activation: "relu" }),
      tf.layers.dense({ units: 256, activation: "relu" }),
      tf.layers.dense({ units: numLabels }),
    ],
  });
}
