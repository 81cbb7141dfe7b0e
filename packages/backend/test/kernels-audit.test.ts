import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type KernelUse,
  recordKernels,
  registerTrainingKernels,
  TRAINING_KERNELS,
  unregisteredKernels,
} from "../src/kernels/index.js";
import { initBackends } from "./kernels-helpers.js";
import {
  FIXTURES,
  fixtureBatch,
  loadFixture,
  lossesStep,
  optimizerSteps,
  trainingStep,
} from "./kernels-workloads.js";

/** Every kernel a training step asks for: each fixture model forward and backward (dropout on), losses, optimizers. */
async function recordTraining(): Promise<Map<string, KernelUse>> {
  const all = new Map<string, KernelUse>();
  const merge = (uses: Map<string, KernelUse>) => {
    for (const [name, use] of uses) {
      const total = all.get(name) ?? { calls: 0, milliseconds: 0 };
      all.set(name, { calls: total.calls + use.calls, milliseconds: total.milliseconds + use.milliseconds });
    }
  };
  for (const fixture of FIXTURES) {
    const model = await loadFixture(fixture, 0.1);
    const batch = fixtureBatch(fixture);
    merge(recordKernels(() => trainingStep(model, batch)));
    tf.dispose(Object.values(batch));
    model.dispose();
  }
  merge(recordKernels(lossesStep));
  merge(recordKernels(optimizerSteps));
  return all;
}

const table = (uses: Map<string, KernelUse>) =>
  [...uses.entries()]
    .sort(([p], [q]) => p.localeCompare(q))
    .map(
      ([name, use]) =>
        `${name.padEnd(20)} ${String(use.calls).padStart(6)} calls ${use.milliseconds.toFixed(1)} ms`,
    )
    .join("\n");

let stockCpu: Map<string, KernelUse>;

beforeAll(async () => {
  await initBackends();
  await tf.setBackend("cpu");
  stockCpu = await recordTraining();
});

describe("kernel audit of training (models, losses, optimizers)", () => {
  it("finds the kernels training uses; stock wasm lacks exactly UnsortedSegmentSum", () => {
    console.log(`kernels used by training (stock cpu):\n${table(stockCpu)}`);
    // the ops every architecture is built from, and the gradient of gather
    for (const name of ["BatchMatMul", "GatherV2", "UnsortedSegmentSum", "Softmax", "Erf", "Tanh", "Rsqrt"]) {
      expect(stockCpu.has(name), name).toBe(true);
    }
    expect(unregisteredKernels(stockCpu.keys(), "cpu")).toEqual([]);
    expect(unregisteredKernels(stockCpu.keys(), "wasm")).toEqual(["UnsortedSegmentSum"]);
  });

  it("every kernel replaced is one training uses, but Conv2DBackpropFilter (for convolutional models)", () => {
    for (const backend of ["cpu", "wasm"] as const) {
      const unused = TRAINING_KERNELS[backend].filter((name) => !stockCpu.has(name));
      expect(unused).toEqual(backend === "wasm" ? ["Conv2DBackpropFilter"] : []);
    }
  });

  it("with the training kernels registered, training runs on wasm and asks for the same kernels", async () => {
    registerTrainingKernels("cpu");
    registerTrainingKernels("wasm");
    await tf.setBackend("wasm");
    const wasm = await recordTraining();
    console.log(`kernels used by training (wasm, training kernels registered):\n${table(wasm)}`);
    expect([...wasm.keys()].sort()).toEqual([...stockCpu.keys()].sort());
    expect(unregisteredKernels(wasm.keys(), "wasm")).toEqual([]);
    expect(unregisteredKernels(wasm.keys(), "cpu")).toEqual([]);
  });
});
