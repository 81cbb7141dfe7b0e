import { execFile } from "node:child_process";
import { promisify } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import type { DataParallelGradients } from "../src/parallel/index.js";
import { useParallelFilesOnCpu } from "./parallel-helpers.js";
import { toyBatch } from "./parallel-reference.js";
import { ToyModel } from "./parallel-toy-model.js";

const run = promisify(execFile);
const parallelFiles = useParallelFilesOnCpu();
const pool = parallelFiles.toyPool;

describe("data-parallel workers: memory, errors, shutdown", () => {
  it("leaves tensor counts flat on the main thread and in every worker, step after step", async () => {
    const model = new ToyModel({ head: "token" });
    const parallel = await pool(2, { head: "token" });
    try {
      await parallel.syncWeights(model.namedParameters());
      const batch = toyBatch(4, 6, { head: "token", ignoredEvery: 4 });
      const step = async () => {
        const { grads } = await parallel.computeGradients(batch);
        tf.dispose(Object.values(grads));
        await parallel.syncWeights(model.namedParameters());
      };
      await step();
      const mainBefore = tf.memory().numTensors;
      const workersBefore = await parallel.workerTensorCounts();
      for (let i = 0; i < 4; i++) await step();
      expect(tf.memory().numTensors).toBe(mainBefore);
      expect(await parallel.workerTensorCounts()).toEqual(workersBefore);
      // each worker holds its model's six weights and nothing else
      expect(workersBefore).toEqual([6, 6]);
    } finally {
      await parallel.dispose();
      model.dispose();
    }
  });

  it("refuses gradients before the weights are synced, and weights that do not fit the workers' model", async () => {
    const model = new ToyModel({ head: "sequence", hidden: 8 });
    const parallel = await pool(2, { head: "sequence" });
    try {
      await expect(parallel.computeGradients(toyBatch(2, 3, { head: "sequence" }))).rejects.toThrow(
        /syncWeights first/,
      );
      await expect(parallel.syncWeights(model.namedParameters())).rejects.toThrow(
        /embeddings\.weight is float32 \[50, 8\], the workers' is float32 \[50, 16\]/,
      );
      await expect(parallel.syncWeights(model.namedParameters().slice(1))).rejects.toThrow(/lack it/);
    } finally {
      await parallel.dispose();
      model.dispose();
    }
  });

  it("reports a worker's error with its message and keeps working", async () => {
    const model = new ToyModel({ head: "sequence" });
    const parallel = await pool(2, { head: "sequence" });
    try {
      await parallel.syncWeights(model.namedParameters());
      const { labels: _, ...unlabelled } = toyBatch(4, 3, { head: "sequence" });
      await expect(parallel.computeGradients(unlabelled)).rejects.toThrow(/gradient worker \d: .*no loss/);
      const { grads } = await parallel.computeGradients(toyBatch(4, 3, { head: "sequence" }));
      expect(Object.keys(grads)).toContain("embeddings.weight");
      tf.dispose(Object.values(grads));
    } finally {
      await parallel.dispose();
      model.dispose();
    }
  });

  it("fails a step, instead of hanging, when a worker dies in it; and rejects calls after dispose", async () => {
    const model = new ToyModel({ head: "sequence" });
    const parallel: DataParallelGradients = await pool(2, { head: "sequence", exitInForward: true });
    try {
      await parallel.syncWeights(model.namedParameters());
      await expect(parallel.computeGradients(toyBatch(4, 3, { head: "sequence" }))).rejects.toThrow(
        /exited unexpectedly \(code 3\)/,
      );
    } finally {
      await parallel.dispose();
      model.dispose();
    }
    await expect(parallel.workerTensorCounts()).rejects.toThrow(/disposed/);
  });

  it("fails to start, naming the module, when the model factory is missing", async () => {
    await expect(pool(2, { head: "sequence" }, "noSuchFactory")).rejects.toThrow(
      /has no function export "noSuchFactory"/,
    );
  });

  it("lets a process exit on its own after dispose, and also when the pool was never disposed", async () => {
    const script = (dispose: boolean) => `
      const { createDataParallelGradients } = await import(${JSON.stringify(parallelFiles.files.parallelApiPath)});
      const { createToyModel } = await import(${JSON.stringify(parallelFiles.files.toyModelPath)});
      const tf = await import("@tensorflow/tfjs");
      tf.env().set("PROD", true);
      await tf.setBackend("cpu");
      const model = createToyModel({ head: "sequence" });
      const parallel = await createDataParallelGradients({
        workers: 2, backend: "cpu", workerUrl: new URL(${JSON.stringify(parallelFiles.files.workerUrl.href)}),
        model: { module: ${JSON.stringify(parallelFiles.files.toyModelPath)}, exportName: "createToyModel", args: [{ head: "sequence" }] },
      });
      await parallel.syncWeights(model.namedParameters());
      const ids = Int32Array.from({ length: 8 }, (_, i) => i);
      const { loss } = await parallel.computeGradients({
        input_ids: { dtype: "int32", shape: [4, 2], data: ids },
        labels: { dtype: "int32", shape: [4], data: Int32Array.from([0, 1, 2, 0]) },
      });
      console.log("loss " + loss); // a string: a number would be colored when FORCE_COLOR is set
      ${dispose ? "await parallel.dispose();" : ""}
    `;
    for (const dispose of [true, false]) {
      const started = performance.now();
      const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script(dispose)], {
        cwd: parallelFiles.files.folder,
        timeout: 60_000,
      });
      expect(stdout).toMatch(/^loss \d/m);
      expect(performance.now() - started).toBeLessThan(60_000);
    }
  });
});
