import * as tf from "@tensorflow/tfjs";
import { registerTrainingKernels } from "../kernels/index.js";
import { setupBackend } from "../setup-backend.js";
import type { WorkerBackendName } from "./protocol.js";

/**
 * Makes `name` this thread's tfjs backend, with the training kernels the main thread uses, so a worker computes
 * what a single-threaded run would. Each worker thread has its own tfjs (its own engine, backend and wasm module).
 */
export async function prepareWorkerBackend(name: WorkerBackendName): Promise<void> {
  // the main thread has already shown tfjs's warnings (install tfjs-node, …); one copy per worker is noise
  tf.env().set("PROD", true);
  await setupBackend(name);
  registerTrainingKernels(name);
}
