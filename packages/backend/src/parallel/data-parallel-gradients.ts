import type * as tf from "@tensorflow/tfjs";
import { type HostBatchLike, splitBatch } from "./host-batch.js";
import { lossShares } from "./loss-shares.js";
import { resolveModuleSpecifier } from "./model-source.js";
import { layoutParameters, type ParameterLayout, requireSameLayout } from "./parameter-layout.js";
import type { GradientsResult, InitResult, ModelSource, WorkerBackendName } from "./protocol.js";
import { sumGradientSlots } from "./sum-gradients.js";
import { tensorFromView } from "./tensor-views.js";
import { WorkerClient } from "./worker-client.js";
import { defaultWorkerUrl } from "./worker-url.js";
import { type WeightSource, writeWeights } from "./write-weights.js";

export interface DataParallelOptions {
  /** Worker threads, one per core to use (each holds a copy of the model). */
  workers: number;
  /** Each worker's tfjs backend. */
  backend: WorkerBackendName;
  /** How each worker builds its model (see ModelSource); weights come from the main thread (syncWeights). */
  model: ModelSource;
  /** The built worker entry; default the one next to this package's bundle. */
  workerUrl?: URL;
}

export interface GradientOptions {
  /**
   * HF's num_items_in_batch for the accumulation window. When the model accepts it (`acceptsLossKwargs`), every
   * shard's loss is already divided by it and the shards' gradients simply add up; otherwise it is ignored.
   */
  numItemsInBatch?: number;
  /** The trainer divides a mean loss (one not normalised by items) by the accumulation steps; default 1. */
  gradientAccumulationSteps?: number;
  /** Dropout seed of the whole batch; shard k runs with seed + k. */
  seed?: number;
  /** What a shard's mean loss averages over (default: its labels that are not -100, else its examples). */
  countItems?: (shard: HostBatchLike) => number;
}

export interface BatchGradients {
  /** The batch's loss as the trainer's training step returns it (scaled by 1 / accumulation steps for a mean). */
  loss: number;
  /** Gradients by parameter name, new tensors on the main thread's backend: the caller disposes them. */
  grads: Record<string, tf.Tensor>;
}

export interface DataParallelGradients {
  readonly workers: number;
  /** Parameter names in layout order (the model's `namedParameters` order, tied weights once). */
  readonly parameterNames: readonly string[];
  /** Whether the model normalises its loss by `numItemsInBatch` (HF's model_accepts_loss_kwargs). */
  readonly acceptsLossKwargs: boolean;
  /** Copies these weights (the main thread's model) into every worker: after creation and each optimizer step. */
  syncWeights(parameters: readonly WeightSource[]): Promise<void>;
  /** Splits the batch across the workers and returns the whole batch's loss and summed gradients. */
  computeGradients(batch: HostBatchLike, options?: GradientOptions): Promise<BatchGradients>;
  /** tf.memory().numTensors in each worker (to check that steps leak nothing). */
  workerTensorCounts(): Promise<number[]>;
  /** Disposes the workers' models and ends the threads. */
  dispose(): Promise<void>;
}

/**
 * Data-parallel gradients over worker threads: every worker holds the same weights, computes the gradients of its
 * contiguous share of the batch, and writes them into its own slot of a SharedArrayBuffer; the main thread adds the
 * slots in worker order (deterministic) and hands back one set of gradients, for the optimizer to step once.
 * Results equal one process on the whole batch up to float summation order.
 */
export async function createDataParallelGradients(
  options: DataParallelOptions,
): Promise<DataParallelGradients> {
  if (!Number.isInteger(options.workers) || options.workers < 1) {
    throw new Error(`workers must be a positive integer, got ${options.workers}`);
  }
  const url = options.workerUrl ?? defaultWorkerUrl();
  const model = { ...options.model, module: resolveModuleSpecifier(options.model.module) };
  const clients = Array.from({ length: options.workers }, (_, k) => new WorkerClient(url, k));
  try {
    const inits = await Promise.all(
      clients.map((client) => client.request<InitResult>({ type: "init", backend: options.backend, model })),
    );
    const layout = layoutParameters(inits[0].parameters);
    for (const [k, init] of inits.entries()) requireSameLayout(layout, layoutParameters(init.parameters), k);
    return await WorkerPool.attach(clients, layout, inits[0].acceptsLossKwargs);
  } catch (error) {
    await Promise.all(clients.map((client) => client.stop(1000)));
    throw error;
  }
}

class WorkerPool implements DataParallelGradients {
  private readonly weights: Float32Array;
  private readonly gradientSlots: Float32Array[];
  private synced = false;
  private disposed = false;
  /** Calls run one after another: they share the buffers. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly clients: WorkerClient[],
    private readonly layout: ParameterLayout,
    readonly acceptsLossKwargs: boolean,
    weightsBuffer: SharedArrayBuffer,
    gradientsBuffer: SharedArrayBuffer,
  ) {
    this.weights = new Float32Array(weightsBuffer);
    this.gradientSlots = clients.map(
      (_, k) => new Float32Array(gradientsBuffer, k * layout.totalSize * 4, layout.totalSize),
    );
  }

  static async attach(clients: WorkerClient[], layout: ParameterLayout, acceptsLossKwargs: boolean) {
    const bytes = layout.totalSize * Float32Array.BYTES_PER_ELEMENT;
    const weights = new SharedArrayBuffer(bytes);
    const gradients = new SharedArrayBuffer(bytes * clients.length);
    await Promise.all(
      clients.map((client, k) =>
        client.request({ type: "attach", weights, gradients, slotOffset: k * layout.totalSize }),
      ),
    );
    return new WorkerPool(clients, layout, acceptsLossKwargs, weights, gradients);
  }

  get workers(): number {
    return this.clients.length;
  }

  get parameterNames(): readonly string[] {
    return this.layout.slots.map(({ name }) => name);
  }

  syncWeights(parameters: readonly WeightSource[]): Promise<void> {
    return this.serial(async () => {
      writeWeights(this.layout, parameters, this.weights);
      await Promise.all(this.clients.map((client) => client.request({ type: "load-weights" })));
      this.synced = true;
    });
  }

  computeGradients(batch: HostBatchLike, options: GradientOptions = {}): Promise<BatchGradients> {
    return this.serial(async () => {
      if (!this.synced) throw new Error("syncWeights first: the workers' weights must be the main thread's");
      const shards = splitBatch(batch, this.clients.length);
      const normalisedByItems = this.acceptsLossKwargs && options.numItemsInBatch !== undefined;
      const shares = lossShares(shards, {
        normalisedByItems,
        accumulationSteps: options.gradientAccumulationSteps ?? 1,
        countItems: options.countItems,
      });
      // a shard without examples (batch smaller than the pool) or without items to average over adds nothing
      const computed = shards.flatMap((shard, k) =>
        Object.values(shard)[0].shape[0] > 0 && shares[k] > 0 ? [k] : [],
      );
      if (computed.length === 0) throw new Error("the batch has no example to compute gradients on");
      const results = await Promise.all(
        computed.map((k) =>
          this.clients[k].request<GradientsResult>({
            type: "gradients",
            batch: shards[k],
            lossWeight: shares[k],
            numItemsInBatch: normalisedByItems ? options.numItemsInBatch : undefined,
            seed: options.seed === undefined ? undefined : (options.seed + k) % 2 ** 31,
          }),
        ),
      );
      let loss = 0;
      for (const result of results) loss = Math.fround(loss + result.loss);
      const present = this.layout.slots.map((_, i) => results.some((result) => result.present[i]));
      const sums = sumGradientSlots(this.layout, this.gradientSlots, computed, present);
      const grads: Record<string, tf.Tensor> = {};
      for (const { name, shape } of this.layout.slots) {
        const sum = sums.get(name);
        if (sum) grads[name] = tensorFromView(sum, shape);
      }
      return { loss, grads };
    });
  }

  workerTensorCounts(): Promise<number[]> {
    return this.serial(() =>
      Promise.all(this.clients.map((client) => client.request<number>({ type: "tensor-count" }))),
    );
  }

  dispose(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.disposed = true;
    const stopping = this.queue.catch(() => {}).then(() => Promise.all(this.clients.map((c) => c.stop())));
    return stopping.then(() => {});
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    if (this.disposed) return Promise.reject(new Error("the data-parallel workers were disposed"));
    const run = this.queue.catch(() => {}).then(task);
    this.queue = run;
    return run;
  }
}
