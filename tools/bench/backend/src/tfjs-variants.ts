import { availableParallelism } from "node:os";
import * as tf from "@tensorflow/tfjs";
import { setupBackend } from "@tfjs-trainer/backend";
import { type DataParallelApi, findDataParallelApi } from "./data-parallel.js";
import type { TfjsVariant } from "./row.js";

/** The tfjs backend each variant runs on. */
export const TFJS_BACKEND: Record<TfjsVariant, string> = {
  cpu: "cpu",
  "cpu-parallel": "cpu",
  wasm: "wasm",
  "wasm+kernels": "wasm",
  "wasm-parallel": "wasm",
  webgpu: "webgpu",
};

/** A variant that cannot run here says why; the row then shows the reason instead of numbers. */
export class VariantUnavailable extends Error {}

export interface ActiveVariant {
  /** The device as the row's notes show it (threads, adapter). */
  note: string;
  /** wasm-parallel and cpu-parallel: the worker pool's API, how many workers to start and their backend. */
  dataParallel?: { api: DataParallelApi; workers: number; backend: "wasm" | "cpu" };
}

async function wasmNote(): Promise<string> {
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  const threads = wasm.getThreadsCount();
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  return `${threads} thread${threads === 1 ? "" : "s"}, SIMD ${simd ? "on" : "off"}`;
}

/** Stock tfjs-backend-wasm, set directly: setupBackend("wasm") registers our training kernels. */
async function stockWasm(): Promise<ActiveVariant> {
  await import("@tensorflow/tfjs-backend-wasm");
  if (!(await tf.setBackend("wasm"))) throw new VariantUnavailable('tf.setBackend("wasm") returned false');
  return { note: await wasmNote() };
}

/** wasm as the trainer gets it: setupBackend registers our training kernels (stock wasm has no UnsortedSegmentSum). */
async function wasmWithKernels(): Promise<ActiveVariant> {
  await setupBackend("wasm");
  if (!tf.getKernel("UnsortedSegmentSum", "wasm")) {
    throw new VariantUnavailable("not available: setupBackend registered no training kernels for wasm");
  }
  return { note: await wasmNote() };
}

/** Makes the variant tfjs's backend in this process. */
export async function activateVariant(variant: TfjsVariant): Promise<ActiveVariant> {
  switch (variant) {
    case "cpu":
      // setupBackend("cpu") registers our training kernels (the stock cpu step takes minutes: see --kernels)
      await setupBackend("cpu");
      return { note: "1 thread (pure JS)" };
    case "cpu-parallel": {
      const api = findDataParallelApi();
      if (typeof api === "string") throw new VariantUnavailable(api);
      await setupBackend("cpu");
      const workers = availableParallelism();
      return {
        note: `${workers} worker threads, our training kernels`,
        dataParallel: { api, workers, backend: "cpu" },
      };
    }
    case "wasm":
      return stockWasm();
    case "wasm+kernels":
      return wasmWithKernels();
    case "wasm-parallel": {
      const api = findDataParallelApi();
      if (typeof api === "string") throw new VariantUnavailable(api);
      await wasmWithKernels();
      const workers = availableParallelism();
      return {
        note: `${workers} worker threads, our training kernels`,
        dataParallel: { api, workers, backend: "wasm" },
      };
    }
    case "webgpu": {
      // through setupBackend: it checks that tfjs took the backend instead of falling back to cpu in silence
      const choice = await setupBackend("webgpu").catch((error: Error) => {
        throw new VariantUnavailable(error.message);
      });
      return { note: choice.device ?? "webgpu" };
    }
  }
}
