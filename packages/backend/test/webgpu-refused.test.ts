import * as tf from "@tensorflow/tfjs";
import { beforeAll, expect, it } from "vitest";
import { BackendUnavailableError, setupBackend } from "../src/index.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
  // An adapter whose device cannot be created: tfjs-backend-webgpu's factory fails, and tf.setBackend returns
  // false. setupBackend keeps a navigator.gpu it finds, so this fake stands in for Dawn's.
  const adapter = {
    info: { vendor: "acme", description: "Acme GPU" },
    features: new Set<string>(),
    limits: {},
    requestDevice: () => Promise.reject(new Error("device lost")),
  };
  Object.defineProperty(globalThis, "navigator", {
    value: { gpu: { requestAdapter: async () => adapter } },
    configurable: true,
  });
});

it("a refused setBackend fails with the reason and leaves the previous backend working", async () => {
  const failure = setupBackend("webgpu");
  await expect(failure).rejects.toThrow(BackendUnavailableError);
  await expect(failure).rejects.toThrow(
    'backend "webgpu" cannot be used: tf.setBackend("webgpu") returned false: tfjs could not create its WebGPU device on acme Acme GPU',
  );
  // tfjs would otherwise keep "webgpu" as the current name and fall back silently on the next operation
  expect(tf.getBackend()).toBe("cpu");
  expect(tf.findBackendFactory("webgpu")).toBeNull();
  expect(Array.from(tf.add(tf.scalar(1), tf.scalar(2)).dataSync())).toEqual([3]);
});
