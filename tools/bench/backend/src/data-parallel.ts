import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type * as tf from "@tensorflow/tfjs";
import * as backendPackage from "@tfjs-trainer/backend";

/**
 * The parts of @tfjs-trainer/backend's data-parallel gradients (packages/backend/src/parallel) the bench uses, typed
 * here and looked up on the module object: the bench builds whether or not the package exports them yet, and runs
 * its multi-core row once it does.
 */
export interface DataParallelGradients {
  syncWeights(parameters: readonly { name: string; variable: tf.Tensor }[]): Promise<void>;
  computeGradients(
    batch: HostBatch,
    options?: { seed?: number },
  ): Promise<{ loss: number; grads: Record<string, tf.Tensor> }>;
  dispose(): Promise<void>;
}

export type HostBatch = Record<string, { dtype: "int32" | "float32"; shape: number[]; data: Int32Array }>;

export interface DataParallelApi {
  create(options: {
    workers: number;
    backend: "wasm" | "cpu";
    model: { module: string; exportName: string; args: unknown[] };
  }): Promise<DataParallelGradients>;
}

type CreateDataParallelGradients = (options: {
  workers: number;
  backend: "wasm" | "cpu";
  model: { module: string; exportName: string; args: unknown[] };
  workerUrl: URL;
}) => Promise<DataParallelGradients>;

/** The data-parallel API with its worker entry, or why the bench cannot use it. */
export function findDataParallelApi(): DataParallelApi | string {
  const exports = backendPackage as Record<string, unknown>;
  const create = exports.createDataParallelGradients;
  const workerFile = exports.GRADIENT_WORKER_FILE;
  if (typeof create !== "function" || typeof workerFile !== "string") {
    return "not available: @tfjs-trainer/backend exports no createDataParallelGradients / GRADIENT_WORKER_FILE yet";
  }
  // the worker entry is built next to the package's own bundle, not into this one
  const workerUrl = new URL(`./${workerFile}`, import.meta.resolve("@tfjs-trainer/backend"));
  if (!existsSync(fileURLToPath(workerUrl))) {
    return `not available: the worker entry ${fileURLToPath(workerUrl)} is not built`;
  }
  return { create: (options) => (create as CreateDataParallelGradients)({ ...options, workerUrl }) };
}
