export {
  type BatchGradients,
  createDataParallelGradients,
  type DataParallelGradients,
  type DataParallelOptions,
  type GradientOptions,
} from "./data-parallel-gradients.js";
export { type HostBatchLike, type HostTensorLike, shardSizes, splitBatch } from "./host-batch.js";
export { defaultItemCount, lossShares } from "./loss-shares.js";
export type { GradientModel } from "./model-source.js";
export type { ModelSource, WorkerBackendName } from "./protocol.js";
export { defaultWorkerUrl, GRADIENT_WORKER_FILE } from "./worker-url.js";
export type { WeightSource } from "./write-weights.js";
