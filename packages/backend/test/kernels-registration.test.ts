import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { isTrainingKernel, registerTrainingKernels, TRAINING_KERNELS } from "../src/kernels/index.js";
import { stockKernel } from "../src/kernels/kernel-override.js";
import { BACKENDS, randomInts, randomValues, scaleRelativeError } from "./kernels-helpers.js";
import { fixtureBatch, loadFixture, trainingStep } from "./kernels-workloads.js";

const stockConfigs = new Map<string, tf.KernelConfig | undefined>();

beforeAll(async () => {
  for (const backend of BACKENDS) {
    for (const name of TRAINING_KERNELS[backend])
      stockConfigs.set(`${backend}/${name}`, tf.getKernel(name, backend));
  }
  // registered before either backend is initialised: the backends then run the stock setup of what they call into
  registerTrainingKernels("cpu");
  registerTrainingKernels("wasm");
  await tf.setBackend("wasm");
  await tf.ready();
});

describe("registerTrainingKernels", () => {
  it("registers each kernel once, keeps the stock kernel reachable and its setup", () => {
    for (const backend of BACKENDS) {
      const registered = TRAINING_KERNELS[backend].map((name) => tf.getKernel(name, backend));
      registerTrainingKernels(backend);
      TRAINING_KERNELS[backend].forEach((name, i) => {
        expect(isTrainingKernel(name, backend), `${backend}/${name}`).toBe(true);
        expect(tf.getKernel(name, backend)).toBe(registered[i]);
        const stock = stockConfigs.get(`${backend}/${name}`);
        expect(stockKernel(name, backend)).toBe(stock);
        expect(registered[i]?.setupFunc).toBe(stock?.setupFunc);
      });
    }
    expect(stockConfigs.get("wasm/UnsortedSegmentSum")).toBeUndefined();
    expect(stockConfigs.get("wasm/Conv2DBackpropFilter")).toBeUndefined();
  });

  it("works when registered before the wasm backend started (a transposed, batched product)", () => {
    const a = randomValues(2 * 3 * 40, 1);
    const b = randomValues(2 * 5 * 40, 2);
    const product = (backend: string) => {
      tf.setBackend(backend);
      return tf.tidy(() =>
        Array.from(tf.matMul(tf.tensor(a, [2, 3, 40]), tf.tensor(b, [2, 5, 40]), false, true).dataSync()),
      );
    };
    const onWasm = product("wasm");
    expect(scaleRelativeError(onWasm, product("cpu"))).toBeLessThan(1e-5);
    tf.setBackend("wasm");
  });

  it("wasm Identity and same-dtype Cast share the data instead of copying it", () => {
    const x = tf.tensor([1, 2, 3]);
    const dataIds = () => tf.engine().backend.numDataIds();
    const before = dataIds();
    const clone = tf.engine().runKernel("Identity", { x }) as tf.Tensor;
    const cast = tf.engine().runKernel("Cast", { x }, { dtype: "float32" }) as tf.Tensor;
    expect(clone.dataId).toBe(x.dataId);
    expect(cast.dataId).toBe(x.dataId);
    expect(dataIds()).toBe(before);
    tf.dispose([x, clone]);
    expect(Array.from(cast.dataSync())).toEqual([1, 2, 3]);
    cast.dispose();
  });

  it.each(BACKENDS)("%s: UnsortedSegmentSum takes segment ids of any rank (TF's shape rule)", (backend) => {
    tf.setBackend(backend);
    const x = randomValues(4 * 3 * 2, 3);
    const ids = randomInts(4 * 3, -1, 5, 4);
    // tfjs types the ids as 1D; the op passes any rank to the kernel
    const segmentIds = tf.tensor2d(ids, [4, 3], "int32") as tf.Tensor as tf.Tensor1D;
    const out = tf.tidy(() => tf.unsortedSegmentSum(tf.tensor(x, [4, 3, 2]), segmentIds, 5));
    segmentIds.dispose();
    expect(out.shape).toEqual([5, 2]);
    const expected = new Float64Array(10);
    ids.forEach((id, row) => {
      if (id >= 0) for (let j = 0; j < 2; j++) expected[id * 2 + j] += x[row * 2 + j];
    });
    expect(scaleRelativeError(out.dataSync(), expected)).toBeLessThan(1e-6);
    out.dispose();
  });

  it.each(BACKENDS)(
    "%s: a training step leaks no backend data in any kernel (engine leak check)",
    async (backend) => {
      await tf.setBackend(backend);
      const model = await loadFixture("bert-mlm", 0.1);
      const batch = fixtureBatch("bert-mlm");
      tf.env().set("IS_TEST", true);
      try {
        const dataIds = tf.engine().backend.numDataIds();
        const tensors = tf.memory().numTensors;
        trainingStep(model, batch);
        expect(tf.engine().backend.numDataIds()).toBe(dataIds);
        expect(tf.memory().numTensors).toBe(tensors);
      } finally {
        tf.env().set("IS_TEST", false);
        tf.dispose(Object.values(batch));
        model.dispose();
      }
    },
  );
});
