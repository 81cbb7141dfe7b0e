import * as tf from "@tensorflow/tfjs";

/** How often a kernel ran while recording, and for how long (meaningful on cpu and wasm, which run synchronously). */
export interface KernelUse {
  calls: number;
  milliseconds: number;
}

type Engine = ReturnType<typeof tf.engine>;
type RunKernel = Engine["runKernel"];

/**
 * Runs `work` and returns every kernel it asked tfjs for by name (forward, and backward where `work` takes
 * gradients), with call counts and time. It wraps the engine's runKernel, the one door every op and gradient goes
 * through to reach a registered kernel; kernels that call each other inside a backend do not pass it and need no
 * registration. A kernel that is not registered is recorded before the engine throws.
 */
export function recordKernels(work: () => void): Map<string, KernelUse> {
  const engine = tf.engine();
  const uses = new Map<string, KernelUse>();
  const stockRunKernel = engine.runKernel;
  const recording = function (
    this: Engine,
    kernelName: string,
    inputs: tf.NamedTensorMap,
    attrs?: tf.NamedAttrMap,
  ) {
    const use = uses.get(kernelName) ?? { calls: 0, milliseconds: 0 };
    uses.set(kernelName, use);
    use.calls++;
    const start = performance.now();
    try {
      return stockRunKernel.call(this, kernelName, inputs, attrs) as tf.Tensor | tf.Tensor[];
    } finally {
      use.milliseconds += performance.now() - start;
    }
  };
  engine.runKernel = recording as RunKernel;
  try {
    work();
  } finally {
    engine.runKernel = stockRunKernel;
  }
  return uses;
}

/** The names among `kernelNames` that have no kernel registered for `backendName`. */
export function unregisteredKernels(kernelNames: Iterable<string>, backendName: string): string[] {
  return [...kernelNames].filter((name) => tf.getKernel(name, backendName) === undefined).sort();
}
