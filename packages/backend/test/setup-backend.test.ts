import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { create, globals } from "webgpu";
import { BackendUnavailableError, setupBackend } from "../src/index.js";

/** Whether this machine has a WebGPU adapter, asked of Dawn directly (not through the code under test). */
async function machineHasAdapter(): Promise<boolean> {
  Object.assign(globalThis, globals);
  return (await create([]).requestAdapter()) !== null;
}
const hasAdapter = await machineHasAdapter();

describe("setupBackend", () => {
  it("auto takes the first backend that loads here and says why it passed over the others", async () => {
    const messages: string[] = [];
    const choice = await setupBackend("auto", (m) => messages.push(m));
    const reasons = Object.fromEntries(choice.skipped.map((s) => [s.name, s.reason]));
    expect(reasons["tfjs-node"]).toMatch(/not installed/);
    expect(messages).toHaveLength(1);
    if (hasAdapter) {
      // Dawn finds a GPU: webgpu, after the native backends (not installed here)
      expect(choice.name).toBe("webgpu");
      expect(tf.getBackend()).toBe("webgpu");
      expect(choice.skipped.map((s) => s.name)).toEqual(["tfjs-node-gpu", "tfjs-node"]);
      expect(messages[0]).toMatch(/^backend auto: using webgpu on .+ \(passed over tfjs-node-gpu: /);
    } else {
      expect(choice.name).toBe("wasm");
      expect(tf.getBackend()).toBe("wasm");
      expect(choice.skipped.map((s) => s.name)).toEqual(["tfjs-node-gpu", "tfjs-node", "webgpu"]);
      expect(reasons.webgpu).toMatch(/^no WebGPU adapter: /);
      expect(messages[0]).toMatch(/^backend auto: using wasm \(passed over .*webgpu: no WebGPU adapter/);
    }
  });

  it("a named backend that cannot load fails with the reason instead of falling back", async () => {
    await setupBackend("cpu");
    await expect(setupBackend("tfjs-node")).rejects.toThrow(BackendUnavailableError);
    await expect(setupBackend("tfjs-node")).rejects.toThrow(/@tensorflow\/tfjs-node is not installed/);
    expect(tf.getBackend()).toBe("cpu");
  });

  it("webgpu computes and names the adapter where there is one; without, it fails naming what is missing", async () => {
    await setupBackend("cpu");
    if (hasAdapter) {
      const choice = await setupBackend("webgpu");
      expect(choice.tfBackend).toBe("webgpu");
      expect(choice.device).toBeTruthy();
      const y = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]]));
      expect(Array.from(await y.data())).toEqual([11]);
      await setupBackend("cpu");
      return;
    }
    const failure = setupBackend("webgpu");
    await expect(failure).rejects.toThrow(BackendUnavailableError);
    await expect(failure).rejects.toThrow(/^backend "webgpu" cannot be used: no WebGPU adapter: \S/);
    // the backend is left as it was
    expect(tf.getBackend()).toBe("cpu");
    expect(tf.findBackendFactory("webgpu")).toBeNull();
  });

  it("wasm loads with our training kernels and computes", async () => {
    const choice = await setupBackend("wasm");
    expect(choice.tfBackend).toBe("wasm");
    // stock tfjs-backend-wasm has no UnsortedSegmentSum (the gradient of gather): ours is registered
    expect(tf.getKernel("UnsortedSegmentSum", "wasm")).toBeDefined();
    const y = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]]));
    expect(Array.from(y.dataSync())).toEqual([11]);
    await setupBackend("cpu");
  });

  it("rejects unknown names", async () => {
    // @ts-expect-error: checking the runtime guard
    await expect(setupBackend("gpu")).rejects.toThrow(/unknown backend/);
  });
});
