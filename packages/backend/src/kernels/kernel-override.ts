import * as tf from "@tensorflow/tfjs";

export type TrainingBackendName = "cpu" | "wasm" | "webgpu";

/**
 * Marks kernel functions registered here. A global symbol, so a second copy of this module (the ESM and the CJS
 * build loaded side by side) still recognises them and does not wrap its own kernel as if it were the stock one.
 */
const TRAINING_KERNEL = Symbol.for("@tfjs-trainer/backend.training-kernel");

/** The stock config a kernel of ours replaced, kept on our kernel function so a later call can still reach it. */
const REPLACED = Symbol.for("@tfjs-trainer/backend.replaced-kernel");

type MarkedKernelFunc = tf.KernelFunc & { [TRAINING_KERNEL]?: true; [REPLACED]?: tf.KernelConfig };

/** Whether the kernel registered under this name and backend is one of ours. */
export function isTrainingKernel(kernelName: string, backendName: string): boolean {
  const config = tf.getKernel(kernelName, backendName);
  return (config?.kernelFunc as MarkedKernelFunc | undefined)?.[TRAINING_KERNEL] === true;
}

/**
 * The kernel tfjs registered under this name before ours (the registered one where ours is not there), undefined
 * where there is none.
 */
export function stockKernel(kernelName: string, backendName: string): tf.KernelConfig | undefined {
  const config = tf.getKernel(kernelName, backendName);
  const kernelFunc = config?.kernelFunc as MarkedKernelFunc | undefined;
  return kernelFunc?.[TRAINING_KERNEL] === true ? kernelFunc[REPLACED] : config;
}

/**
 * Registers `makeKernelFunc(stock)` in place of the kernel registered now (`stock`, undefined where the backend has
 * none), unless ours is already there: registering twice is a no-op. The stock setupFunc is kept, because the
 * backend runs the setupFunc of whatever config is registered when it initialises, and stock kernels we call into
 * depend on it. Returns whether it registered anything.
 */
export function overrideKernel(
  kernelName: string,
  backendName: TrainingBackendName,
  makeKernelFunc: (stock: tf.KernelConfig | undefined) => tf.KernelFunc,
): boolean {
  if (isTrainingKernel(kernelName, backendName)) return false;
  const stock = tf.getKernel(kernelName, backendName);
  const kernelFunc = makeKernelFunc(stock) as MarkedKernelFunc;
  kernelFunc[TRAINING_KERNEL] = true;
  if (stock) kernelFunc[REPLACED] = stock;
  if (stock) tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({
    kernelName,
    backendName,
    kernelFunc,
    setupFunc: stock?.setupFunc,
    disposeFunc: stock?.disposeFunc,
  });
  return true;
}

/** The stock kernel a replacement calls into; fails at registration, not in the middle of a training step. */
export function requireStock(
  stock: tf.KernelConfig | undefined,
  kernelName: string,
  backendName: string,
): tf.KernelConfig {
  if (!stock) {
    throw new Error(
      `the ${backendName} backend has no ${kernelName} kernel to build on` +
        (backendName === "wasm"
          ? ": import @tensorflow/tfjs-backend-wasm before registering its training kernels"
          : ""),
    );
  }
  return stock;
}
