import * as tf from "@tensorflow/tfjs";
import type { HostBatchLike } from "./host-batch.js";
import { type GradientModel, loadModel } from "./model-source.js";
import { layoutParameters, type ParameterLayout } from "./parameter-layout.js";
import type { GradientsResult, InitResult, ModelSource, WorkerBackendName } from "./protocol.js";
import { float32Values, tensorFromView } from "./tensor-views.js";
import { prepareWorkerBackend } from "./worker-backend.js";

interface Parameter {
  name: string;
  variable: tf.Variable;
}

interface SharedViews {
  weights: Float32Array;
  gradients: Float32Array;
  slotOffset: number;
}

/** A worker's model and its views of the shared buffers; the worker entry routes each request to one method. */
export class WorkerState {
  private model?: GradientModel;
  private parameters: Parameter[] = [];
  private layout?: ParameterLayout;
  private views?: SharedViews;

  async init(backend: WorkerBackendName, source: ModelSource): Promise<InitResult> {
    await prepareWorkerBackend(backend);
    const model = await loadModel(source);
    this.model = model;
    // a weight tied under two names is one variable: it gets one slot (under its first name), as tfjs gives one gradient
    const seen = new Set<tf.Variable>();
    this.parameters = model
      .namedParameters()
      .filter(({ variable }) => !seen.has(variable) && seen.add(variable));
    const notFloat = this.parameters.find(({ variable }) => variable.dtype !== "float32");
    if (notFloat)
      throw new Error(`parameter ${notFloat.name} is ${notFloat.variable.dtype}; only float32 is shared`);
    this.layout = layoutParameters(
      this.parameters.map(({ name, variable }) => ({ name, shape: variable.shape })),
    );
    return {
      parameters: this.layout.slots.map(({ name, shape }) => ({ name, shape })),
      acceptsLossKwargs: model.acceptsLossKwargs === true,
    };
  }

  attach(weights: SharedArrayBuffer, gradients: SharedArrayBuffer, slotOffset: number): void {
    this.views = { weights: new Float32Array(weights), gradients: new Float32Array(gradients), slotOffset };
  }

  /** Sets every parameter from the shared weights buffer (the main thread wrote it before asking). */
  loadWeights(): void {
    const { layout, weights } = this.ready();
    layout.slots.forEach(({ offset, size, shape }, index) => {
      const value = tensorFromView(weights.subarray(offset, offset + size), shape);
      this.parameters[index].variable.assign(value);
      value.dispose();
    });
  }

  /**
   * The gradients of `lossWeight × loss` on this shard, written into this worker's gradient slot. The weight is
   * applied inside the gradient function, as the trainer divides by the accumulation steps there.
   */
  gradients(
    batch: HostBatchLike,
    lossWeight: number,
    numItemsInBatch?: number,
    seed?: number,
  ): GradientsResult {
    const { model, layout, gradients, slotOffset } = this.ready();
    const variables = this.parameters.map(({ variable }) => variable);
    const { value, grads } = tf.tidy(() => {
      const inputs: Record<string, tf.Tensor> = {};
      for (const [name, column] of Object.entries(batch))
        inputs[name] = tf.tensor(column.data, column.shape, column.dtype);
      return tf.variableGrads(() => {
        const { loss } = model.forward(inputs, { training: true, numItemsInBatch, seed });
        if (!loss) throw new Error("the model returned no loss: the batch must hold its labels");
        if (loss.rank !== 0)
          throw new Error(`the loss must be a scalar, got shape [${loss.shape.join(", ")}]`);
        return (lossWeight === 1 ? loss : tf.mul(loss, lossWeight)) as tf.Scalar;
      }, variables);
    });
    const present = layout.slots.map(({ offset, size }, index) => {
      const grad = grads[variables[index].name];
      const start = slotOffset + offset;
      if (grad) gradients.set(float32Values(grad), start);
      else gradients.fill(0, start, start + size);
      return grad !== undefined;
    });
    const loss = value.dataSync()[0];
    tf.dispose([value, ...Object.values(grads)]);
    return { loss, present };
  }

  tensorCount(): number {
    return tf.memory().numTensors;
  }

  shutdown(): void {
    this.model?.dispose?.();
    this.model = undefined;
    this.parameters = [];
    this.views = undefined;
  }

  private ready(): { model: GradientModel; layout: ParameterLayout } & SharedViews {
    if (!this.model || !this.layout) throw new Error("the worker has no model yet (init first)");
    if (!this.views) throw new Error("the worker has no shared buffers yet (attach first)");
    return { model: this.model, layout: this.layout, ...this.views };
  }
}
