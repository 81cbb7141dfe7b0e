import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { BackendUnavailableError, setupBackend } from "../src/index.js";

describe("setupBackend", () => {
  it("auto passes over the missing tfjs-node packages and says why", async () => {
    const messages: string[] = [];
    const choice = await setupBackend("auto", (m) => messages.push(m));
    expect(choice.name).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    expect(choice.skipped.map((s) => s.name)).toEqual(["tfjs-node-gpu", "tfjs-node"]);
    expect(choice.skipped[0].reason).toMatch(/not installed/);
    expect(messages[0]).toMatch(/using cpu/);
  });

  it("a named backend that cannot load fails with the reason instead of falling back", async () => {
    await expect(setupBackend("tfjs-node")).rejects.toThrow(BackendUnavailableError);
    await expect(setupBackend("tfjs-node")).rejects.toThrow(/@tensorflow\/tfjs-node is not installed/);
    expect(tf.getBackend()).toBe("cpu");
  });

  it("wasm loads and computes", async () => {
    const choice = await setupBackend("wasm");
    expect(choice.tfBackend).toBe("wasm");
    const y = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]]));
    expect(Array.from(y.dataSync())).toEqual([11]);
    await setupBackend("cpu");
  });

  it("rejects unknown names", async () => {
    // @ts-expect-error: checking the runtime guard
    await expect(setupBackend("gpu")).rejects.toThrow(/unknown backend/);
  });
});
