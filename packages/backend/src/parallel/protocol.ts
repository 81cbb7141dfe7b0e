import type { HostBatchLike } from "./host-batch.js";

/** The backends a gradient worker can run: the CPU ones, one per thread. */
export type WorkerBackendName = "cpu" | "wasm";

/**
 * How a worker builds its copy of the model: functions cannot cross threads, so it imports `module` (a package
 * name, resolved from this package; a path, a relative one from the working directory; or a file URL) and calls its
 * export `exportName` (default `default`) with `args` (anything structured-cloneable). It may return the model or a
 * promise of it.
 * Example: `{ module: "@tfjs-trainer/models", exportName: "fromPretrained", args: ["path/to/model"] }`.
 */
export interface ModelSource {
  module: string;
  exportName?: string;
  args?: unknown[];
}

export interface ParameterInfo {
  name: string;
  shape: number[];
}

/** Messages from the main thread; each is answered by one WorkerReply with the same id. */
export type WorkerRequest =
  | { id: number; type: "init"; backend: WorkerBackendName; model: ModelSource }
  | {
      id: number;
      type: "attach";
      weights: SharedArrayBuffer;
      gradients: SharedArrayBuffer;
      slotOffset: number;
    }
  | { id: number; type: "load-weights" }
  | {
      id: number;
      type: "gradients";
      batch: HostBatchLike;
      /** Multiplies the loss inside the gradient function: the shard's share of the whole batch's loss. */
      lossWeight: number;
      numItemsInBatch?: number;
      seed?: number;
    }
  | { id: number; type: "tensor-count" }
  | { id: number; type: "shutdown" };

export interface InitResult {
  parameters: ParameterInfo[];
  acceptsLossKwargs: boolean;
}

export interface GradientsResult {
  /** The shard's weighted loss. */
  loss: number;
  /** Per parameter (layout order): whether the loss reached it; the slot holds zeros where it did not. */
  present: boolean[];
}

export type WorkerReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; stack?: string } };
