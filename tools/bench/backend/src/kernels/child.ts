import * as tf from "@tensorflow/tfjs";
import { isTrainingKernel, registerTrainingKernels, TRAINING_KERNELS } from "@tfjs-trainer/backend";
import { measure } from "../measure.js";
import { emit } from "../row.js";
import type { KernelSideSpec } from "./plan.js";
import { type KernelBackend, kernelWorkload } from "./workloads.js";

/**
 * Stock kernels everywhere but UnsortedSegmentSum, which is ours: the stock configs are kept, our kernels
 * registered, and every one of them but UnsortedSegmentSum put back to the stock config (or removed where the
 * backend had none).
 */
function stockWithOurSegmentSum(backend: KernelBackend): void {
  const names = TRAINING_KERNELS[backend];
  const stock = new Map(names.map((name) => [name, tf.getKernel(name, backend)]));
  registerTrainingKernels(backend);
  for (const name of names) {
    if (name === "UnsortedSegmentSum") continue;
    tf.unregisterKernel(name, backend);
    const config = stock.get(name);
    if (config) tf.registerKernel(config);
  }
}

/** Which of the backend's training kernels are ours in this process. */
function oursNow(backend: KernelBackend): string[] {
  return TRAINING_KERNELS[backend].filter((name) => isTrainingKernel(name, backend));
}

/**
 * Runs one side of a --kernels row in this process: stock (registerTrainingKernels never called, but in the BERT
 * rows, which keep our UnsortedSegmentSum alone: see stockWithOurSegmentSum) or ours (registerTrainingKernels
 * called, as setupBackend does for the Trainer). Stock and ours are separate processes, since tfjs's kernel registry
 * is global to one. Which kernels are ours is checked before anything is timed.
 */
export async function runKernelSide(spec: KernelSideSpec): Promise<void> {
  const startedAt = performance.now();
  const workload = kernelWorkload(spec.workload);
  const { backend, kernel } = workload;
  try {
    if (backend === "wasm") await import("@tensorflow/tfjs-backend-wasm");
    if (!(await tf.setBackend(backend))) {
      emit({ skip: `tf.setBackend("${backend}") returned false` });
      return;
    }
    await tf.ready();
    if (spec.side === "ours") registerTrainingKernels(backend);
    else if (workload.stockWithOurSegmentSum) {
      stockWithOurSegmentSum(backend);
      emit({ note: "with our UnsortedSegmentSum" });
    }
    const ours = oursNow(backend);
    const expected =
      spec.side === "ours"
        ? TRAINING_KERNELS[backend]
        : workload.stockWithOurSegmentSum
          ? ["UnsortedSegmentSum"]
          : [];
    if (ours.join() !== expected.join()) {
      emit({ error: `${spec.side} side, but ours are [${ours.join(", ")}], not [${expected.join(", ")}]` });
      return;
    }
    if (!tf.getKernel(kernel, backend)) {
      emit({ skip: `missing (stock ${backend} has no ${kernel})` });
      return;
    }
    const { runOps, dispose } = workload.make();
    await measure(runOps, { repeats: spec.repeats, budgetMs: spec.budgetMs, startedAt });
    dispose();
  } catch (error) {
    emit({ error: (error as Error).message ?? String(error) });
  }
  if (tf.getBackend() !== backend) emit({ error: `tfjs ran on ${tf.getBackend()}, not ${backend}` });
}
