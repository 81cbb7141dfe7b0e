import * as tf from "@tensorflow/tfjs";
import {
  type ForwardOptions,
  type IndexedColumn,
  LayersModelAdapter,
  type ModelOutput,
  type NamedParameter,
  type TrainableModel,
} from "tfjs-trainer";
import { CNN_ARCHITECTURE, type CnnConfig, imageSide } from "./model-config.js";

/** The batch columns: HF's image models read `pixel_values` and score `labels`. */
export const PIXEL_VALUES = "pixel_values";
export const LABELS = "labels";

/**
 * A small CNN for image classification, as a tfjs-layers `tf.sequential` trained through core's
 * LayersModelAdapter: per entry of `filters` a `kernel_size` square convolution ("same" padding) with ReLU and a 2×2 max pool, then a dense
 * ReLU layer of `hidden_size` units and the classifier. Initialisers are seeded, so the same seed builds the same
 * weights. `config` is what the trainer saves as config.json; the weights are saved and loaded by their layer
 * names (`conv_0/kernel` …), which are fixed here so a model built again loads its checkpoint.
 */
export class LayersCnnForImageClassification implements TrainableModel {
  readonly modelClass = CNN_ARCHITECTURE;
  readonly inputNames: readonly string[];
  readonly labelNames = [LABELS];
  readonly config: CnnConfig & { architectures: string[] };
  private readonly adapter: LayersModelAdapter;

  constructor(config: CnnConfig, seed: number) {
    this.config = { ...config, architectures: [CNN_ARCHITECTURE] };
    this.adapter = new LayersModelAdapter(buildLayers(config, seed), {
      inputName: PIXEL_VALUES,
      labelName: LABELS,
    });
    this.inputNames = this.adapter.inputNames;
  }

  forward(inputs: Record<string, tf.Tensor>, options: ForwardOptions): ModelOutput {
    return this.adapter.forward(inputs, options);
  }

  namedParameters(): NamedParameter[] {
    return this.adapter.namedParameters();
  }

  indexedColumns(): Record<string, IndexedColumn> {
    return { [LABELS]: { size: this.config.num_labels, sizeField: "num_labels", ignoreIndex: -100 } };
  }

  dispose(): void {
    this.adapter.dispose();
  }
}

function buildLayers(config: CnnConfig, seed: number): tf.Sequential {
  const { height, width } = imageSide(config);
  // one seed per layer, so no two layers draw the same initial values
  let layerIndex = 0;
  const initializer = () => tf.initializers.glorotUniform({ seed: seed * 1000 + layerIndex++ });
  const model = tf.sequential();
  config.filters.forEach((filters, i) => {
    model.add(
      tf.layers.conv2d({
        name: `conv_${i}`,
        ...(i === 0 ? { inputShape: [height, width, config.num_channels] } : {}),
        filters,
        kernelSize: config.kernel_size,
        padding: "same",
        activation: "relu",
        kernelInitializer: initializer(),
      }),
    );
    model.add(tf.layers.maxPooling2d({ name: `pool_${i}`, poolSize: 2 }));
  });
  model.add(tf.layers.flatten({ name: "flatten" }));
  model.add(
    tf.layers.dense({
      name: "hidden",
      units: config.hidden_size,
      activation: "relu",
      kernelInitializer: initializer(),
    }),
  );
  model.add(
    tf.layers.dense({ name: "classifier", units: config.num_labels, kernelInitializer: initializer() }),
  );
  return model;
}
