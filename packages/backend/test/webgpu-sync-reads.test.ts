import { describe, expect, it } from "vitest";
import { explainSyncReads, SYNC_READ_IN_NODE, type SyncReader } from "../src/webgpu/sync-reads.js";

/** A backend whose readSync fails as tfjs-backend-webgpu's does in Node, or returns what it holds. */
function backendThrowing(error: Error | undefined): SyncReader {
  return {
    readSync: () => {
      if (error) throw error;
      return new Float32Array([1.5]);
    },
  };
}

describe("synchronous reads on webgpu in Node", () => {
  it("turns the missing OffscreenCanvas into an error naming the way out", () => {
    const backend = backendThrowing(new ReferenceError("OffscreenCanvas is not defined"));
    explainSyncReads(backend);
    expect(() => backend.readSync({})).toThrow(SYNC_READ_IN_NODE);
    expect(SYNC_READ_IN_NODE).toMatch(/await tensor\.data\(\)/);
  });

  it("passes other errors and successful reads through unchanged", () => {
    const lost = new Error("device lost");
    const failing = backendThrowing(lost);
    explainSyncReads(failing);
    expect(() => failing.readSync({})).toThrow(lost);
    const working = backendThrowing(undefined);
    explainSyncReads(working);
    expect(working.readSync({})).toEqual(new Float32Array([1.5]));
  });
});
