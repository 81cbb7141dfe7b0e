/**
 * Measures a BERT-mini training step (hidden 256, 4 layers, 4 heads, ffn 1024, vocab 30522, sequence
 * classification, batch 32 × 128, AdamW) on one thread and on 1 and 2 data-parallel workers, after checking that
 * the workers' loss and gradients equal the single thread's. Minutes long, so it runs only when asked:
 *   PARALLEL_BENCH=1 npx vitest run test/parallel-bench
 * Options: PARALLEL_BENCH_BACKEND (wasm | cpu, default wasm), PARALLEL_BENCH_ROUNDS (timed, default 6),
 * PARALLEL_BENCH_WARMUP (untimed rounds first, default 2: V8 keeps optimising wasm for the first steps),
 * PARALLEL_BENCH_BATCH / PARALLEL_BENCH_LENGTH (default 32 / 128).
 * It needs the built models and core packages (npx nx run-many -t build -p @tfjs-trainer/models).
 */
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerTrainingKernels } from "../src/kernels/index.js";
import {
  createDataParallelGradients,
  type DataParallelGradients,
  type HostBatchLike,
} from "../src/parallel/index.js";
import { setupBackend } from "../src/setup-backend.js";
import { buildParallelFiles, type ParallelBuild } from "./parallel-helpers.js";

const enabled = process.env.PARALLEL_BENCH === "1";
const backend = (process.env.PARALLEL_BENCH_BACKEND ?? "wasm") as "wasm" | "cpu";
const rounds = Number(process.env.PARALLEL_BENCH_ROUNDS ?? 6);
const warmUp = Number(process.env.PARALLEL_BENCH_WARMUP ?? 2);
const examples = Number(process.env.PARALLEL_BENCH_BATCH ?? 32);
const length = Number(process.env.PARALLEL_BENCH_LENGTH ?? 128);

// models and core build on this package: imported by name at run time so the build graph gains no cycle
const MODELS = "@tfjs-trainer/models";
const CORE = "@tfjs-trainer/core";

interface Parameter {
  name: string;
  variable: tf.Variable;
}
interface Model {
  namedParameters(): Parameter[];
  forward(inputs: Record<string, tf.Tensor>, options: { training: boolean }): { loss?: tf.Tensor };
  savePretrained(dir: string): Promise<void>;
  dispose(): void;
}
interface Optimizer {
  step(grads: Record<string, tf.Tensor>): void;
}

const BERT_MINI = {
  model_type: "bert",
  architectures: ["BertForSequenceClassification"],
  vocab_size: 30522,
  hidden_size: 256,
  num_hidden_layers: 4,
  num_attention_heads: 4,
  intermediate_size: 1024,
  num_labels: 2,
  // no dropout: the parallel result must equal the single thread's, and dropout masks depend on the shard shapes
  hidden_dropout_prob: 0,
  attention_probs_dropout_prob: 0,
};

function benchBatch(seed: number): HostBatchLike {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return Math.floor((state / 2 ** 31) * n);
  };
  const tokens = examples * length;
  return {
    input_ids: {
      dtype: "int32",
      shape: [examples, length],
      data: Int32Array.from({ length: tokens }, () => next(30522)),
    },
    attention_mask: { dtype: "int32", shape: [examples, length], data: new Int32Array(tokens).fill(1) },
    token_type_ids: { dtype: "int32", shape: [examples, length], data: new Int32Array(tokens) },
    labels: { dtype: "int32", shape: [examples], data: Int32Array.from({ length: examples }, () => next(2)) },
  };
}

/** The trainer's single-threaded step: loss and gradients in tfjs's gradient function, by parameter name. */
function singleThreadGradients(
  model: Model,
  batch: HostBatchLike,
): { loss: number; grads: Record<string, tf.Tensor> } {
  const parameters = model.namedParameters();
  const { value, grads } = tf.tidy(() => {
    const inputs: Record<string, tf.Tensor> = {};
    for (const [name, column] of Object.entries(batch))
      inputs[name] = tf.tensor(column.data, column.shape, column.dtype);
    return tf.variableGrads(
      () => model.forward(inputs, { training: true }).loss as tf.Scalar,
      parameters.map((p) => p.variable),
    );
  });
  const named: Record<string, tf.Tensor> = {};
  for (const { name, variable } of parameters) if (grads[variable.name]) named[name] = grads[variable.name];
  const loss = value.dataSync()[0];
  value.dispose();
  return { loss, grads: named };
}

function maxRelativeError(actual: Record<string, tf.Tensor>, expected: Record<string, tf.Tensor>): number {
  let worst = 0;
  for (const [name, reference] of Object.entries(expected)) {
    const a = actual[name].dataSync();
    const b = reference.dataSync();
    let scale = 0;
    let error = 0;
    for (let i = 0; i < b.length; i++) {
      scale = Math.max(scale, Math.abs(b[i]));
      error = Math.max(error, Math.abs(a[i] - b[i]));
    }
    worst = Math.max(worst, scale === 0 ? error : error / scale);
  }
  return worst;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

interface ModelsPackage {
  fromPretrained(dir: string): Promise<Model>;
  BertForSequenceClassification: new (config: object, seed: number) => Model;
}
interface CorePackage {
  AdamW: new (params: Parameter[], options: { lr: number }) => Optimizer;
}

/** One way of training, with its own copy of the model and optimizer. */
interface Contender {
  name: string;
  model: Model;
  optimizer: Optimizer;
  pool?: DataParallelGradients;
  workers: number;
  /** Wall-clock ms per step. */
  times: number[];
  /** CPU ms per step of the critical path: the main thread plus the busiest worker thread (see cpuEstimate). */
  cpuTimes: number[];
}

/** CPU time (ms) each thread of this process has used so far, by thread id (Linux /proc). */
function threadCpuMs(): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const tid of readdirSync("/proc/self/task")) {
    // fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 per second)
    const fields = readFileSync(`/proc/self/task/${tid}/stat`, "utf8").split(") ")[1].split(" ");
    ticks.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * 10);
  }
  return ticks;
}

/**
 * The step's time on cores of its own, from CPU time: the main thread waits while the workers compute, so the
 * critical path is the main thread's CPU time plus the busiest of the `workers` busiest other threads. On a machine
 * whose cores other processes share, wall-clock time also counts the waits for a core; this does not.
 */
function cpuEstimate(before: Map<number, number>, after: Map<number, number>, workers: number): number {
  const main = (after.get(process.pid) ?? 0) - (before.get(process.pid) ?? 0);
  const others = [...after]
    .filter(([tid]) => tid !== process.pid)
    .map(([tid, ms]) => ms - (before.get(tid) ?? 0))
    .sort((a, b) => b - a);
  return main + (workers > 0 ? Math.max(0, ...others.slice(0, workers)) : 0);
}

async function trainStep(contender: Contender, batch: HostBatchLike): Promise<void> {
  const { model, optimizer, pool } = contender;
  const { grads } = pool ? await pool.computeGradients(batch) : singleThreadGradients(model, batch);
  optimizer.step(grads);
  tf.dispose(Object.values(grads));
  if (pool) await pool.syncWeights(model.namedParameters());
}

describe.runIf(enabled)(`BERT-mini training step, ${backend}, batch ${examples} × ${length}`, () => {
  let files: ParallelBuild;
  let folder: string;
  let models: ModelsPackage;
  let core: CorePackage;

  beforeAll(async () => {
    await setupBackend(backend);
    registerTrainingKernels(backend);
    files = await buildParallelFiles();
    models = await import(/* @vite-ignore */ MODELS);
    core = await import(/* @vite-ignore */ CORE);
    // the workers load the checkpoint the trainer would give them (config.json + model.safetensors)
    folder = await mkdtemp(join(tmpdir(), "bert-mini-"));
    const initial = new models.BertForSequenceClassification(BERT_MINI, 0);
    await initial.savePretrained(folder);
    initial.dispose();
  });

  afterAll(async () => {
    await files?.remove();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("gives the single thread's loss and gradients, and times the step", async () => {
    const contenders: Contender[] = [];
    try {
      for (const [name, workers] of [
        ["1 thread", 0],
        ["1 worker", 1],
        ["2 workers", 2],
      ] as const) {
        const model = await models.fromPretrained(folder);
        const optimizer = new core.AdamW(model.namedParameters(), { lr: 1e-4 });
        const contender: Contender = { name, model, optimizer, workers, times: [], cpuTimes: [] };
        contenders.push(contender);
        if (workers === 0) continue;
        contender.pool = await createDataParallelGradients({
          workers,
          backend,
          workerUrl: files.workerUrl,
          model: { module: MODELS, exportName: "fromPretrained", args: [folder] },
        });
        await contender.pool.syncWeights(model.namedParameters());
      }

      const batch = benchBatch(1);
      const reference = singleThreadGradients(contenders[0].model, batch);
      for (const { name, pool } of contenders.slice(1)) {
        const { loss, grads } = await (pool as DataParallelGradients).computeGradients(batch);
        const error = maxRelativeError(grads, reference.grads);
        console.log(
          `${name}: loss ${loss} (1 thread: ${reference.loss}); max gradient error ${error.toExponential(2)}`,
        );
        expect(loss).toBeCloseTo(reference.loss, 5);
        expect(error).toBeLessThan(1e-5);
        tf.dispose(Object.values(grads));
      }
      tf.dispose(Object.values(reference.grads));

      // rounds interleave the contenders, so load from other processes slows them alike
      for (let round = 0; round < warmUp + rounds; round++) {
        const roundBatch = benchBatch(100 + round);
        for (const contender of contenders) {
          const started = performance.now();
          const cpuBefore = threadCpuMs();
          await trainStep(contender, roundBatch);
          if (round < warmUp) continue;
          contender.times.push(performance.now() - started);
          contender.cpuTimes.push(cpuEstimate(cpuBefore, threadCpuMs(), contender.workers));
        }
      }
      // on a machine shared with other work the fastest step is the best estimate of the uncontended one
      const single = contenders[0];
      const seconds = (values: number[]) => values.map((t) => (t / 1000).toFixed(2)).join(", ");
      for (const { name, times, cpuTimes } of contenders) {
        const ratio = (a: number[], b: number[], f: (v: number[]) => number) => (f(a) / f(b)).toFixed(2);
        console.log(
          `${name}: wall ${seconds(times)} s/step, best ${(Math.min(...times) / 1000).toFixed(2)} s ` +
            `(${ratio(single.times, times, (v) => Math.min(...v))}× 1 thread), median ${(median(times) / 1000).toFixed(2)} s ` +
            `(${ratio(single.times, times, median)}×); critical-path CPU ${seconds(cpuTimes)} s, median ` +
            `${(median(cpuTimes) / 1000).toFixed(2)} s (${ratio(single.cpuTimes, cpuTimes, median)}× 1 thread)`,
        );
      }
    } finally {
      for (const { model, pool } of contenders) {
        await pool?.dispose();
        model.dispose();
      }
    }
  }, 3_600_000);
});
