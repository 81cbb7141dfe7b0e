import * as tf from "@tensorflow/tfjs";
import { BertForMaskedLM } from "@tfjs-trainer/models";
import { describe, expect, it } from "vitest";
import { registerTrainingKernels } from "../src/kernels/index.js";
import { unsortedSegmentSumCpu, unsortedSegmentSumWasm } from "../src/kernels/unsorted-segment-sum.js";
import { initBackends, randomInts, randomValues } from "./kernels-helpers.js";

/**
 * Stock kernels against ours, timed. Slow (minutes: the stock kernels are what is slow), so it runs only when asked:
 * KERNELS_MEASURE=1 npx vitest run test/kernels-measure. Prints a table; asserts only that ours are faster.
 */
const measure = process.env.KERNELS_MEASURE !== undefined;

/** Best of `repeats` runs after one untimed run (first-call compilation and heap growth are not what we compare). */
function bestMs(work: () => void, repeats: number): number {
  work();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** Reads the result (the backends are synchronous, so the time is the kernel's). Not inside tf.tidy: tidy walks a
 * returned typed array element by element looking for tensors, which costs more than the kernels measured here. */
function readAndDispose(result: tf.Tensor): void {
  result.dataSync();
  result.dispose();
}

const segmentSum = () => {
  const x = tf.tensor(randomValues(2048 * 64, 1), [2048, 64]);
  const ids = tf.tensor1d(randomInts(2048, 0, 1000, 2), "int32");
  return () => readAndDispose(tf.unsortedSegmentSum(x, ids, 1000));
};
const matMul = (transposeA: boolean, transposeB: boolean) => {
  // 2048 tokens, hidden 256, 1000 outputs: x·Wᵀ (a linear layer) and dYᵀ·x (its weight gradient)
  const a = transposeA
    ? tf.tensor(randomValues(2048 * 1000, 3), [2048, 1000])
    : tf.tensor(randomValues(2048 * 256, 3), [2048, 256]);
  const b = transposeA
    ? tf.tensor(randomValues(2048 * 256, 4), [2048, 256])
    : tf.tensor(randomValues(1000 * 256, 4), [1000, 256]);
  return () => readAndDispose(tf.matMul(a, b, transposeA, transposeB));
};

/** BERT for masked LM, hidden 256, 4 layers of 4 heads, FFN 1024, vocabulary 30522; one step on batchSize × 128. */
function bertStep(batchSize: number) {
  const model = new BertForMaskedLM(
    {
      model_type: "bert",
      vocab_size: 30522,
      hidden_size: 256,
      num_hidden_layers: 4,
      num_attention_heads: 4,
      intermediate_size: 1024,
    },
    1,
  );
  const ids = tf.tensor(randomInts(batchSize * 128, 0, 30522, 5), [batchSize, 128], "int32");
  const batch = { input_ids: ids, attention_mask: tf.onesLike(ids), labels: ids };
  const variables = model.namedParameters().map((p) => p.variable);
  const step = () => {
    const { value, grads } = tf.variableGrads(
      () => model.forward(batch, { training: true, seed: 1 }).loss!,
      variables,
    );
    value.dataSync();
    tf.dispose([value, ...Object.values(grads)]);
  };
  const dispose = () => {
    tf.dispose(Object.values(batch));
    model.dispose();
  };
  return { step, dispose };
}

describe.runIf(measure)("training kernels: stock against ours", () => {
  it("times UnsortedSegmentSum, transposed BatchMatMul and a BERT step", { timeout: 1_800_000 }, async () => {
    await initBackends();
    const rows: [string, number | undefined, number][] = [];
    const stock = new Map<string, number | undefined>();
    const timeBoth = async (
      label: string,
      backend: string,
      make: () => () => void,
      repeats: number,
      ours: boolean,
    ) => {
      await tf.setBackend(backend);
      const work = make();
      let ms: number | undefined;
      try {
        ms = bestMs(work, repeats);
      } catch {
        ms = undefined; // the stock backend lacks a kernel
      }
      if (!ours) stock.set(label, ms);
      else rows.push([label, stock.get(label), ms!]);
    };
    const plan: [string, string, () => () => void, number][] = [
      ["UnsortedSegmentSum [2048,64] → 1000, cpu", "cpu", segmentSum, 1],
      ["UnsortedSegmentSum [2048,64] → 1000, wasm", "wasm", segmentSum, 3],
      ["BatchMatMul [2048,256]·[1000,256]ᵀ, wasm", "wasm", () => matMul(false, true), 3],
      ["BatchMatMul [2048,1000]ᵀ·[2048,256], wasm", "wasm", () => matMul(true, false), 3],
      ["BatchMatMul [2048,256]·[1000,256]ᵀ, cpu", "cpu", () => matMul(false, true), 1],
    ];
    for (const [label, backend, make, repeats] of plan) await timeBoth(label, backend, make, repeats, false);
    const bert = async (ours: boolean) => {
      for (const [backend, batchSize] of [
        ["wasm", 8],
        ["cpu", 2],
      ] as const) {
        await tf.setBackend(backend);
        const { step, dispose } = bertStep(batchSize);
        const ms = bestMs(step, 1);
        dispose();
        const label = `BERT step ${batchSize}×128 (h256, 4 layers, vocab 30522; stock: + our USS), ${backend}`;
        if (ours) rows.push([label, stock.get(label), ms]);
        else stock.set(label, ms);
      }
    };
    // the BERT step needs the gradient of a 30522-row embedding: stock wasm has no kernel for it, and stock cpu's
    // takes minutes (one pass over the gradient per row). Both get our UnsortedSegmentSum and nothing else.
    const stockCpuSegmentSum = tf.getKernel("UnsortedSegmentSum", "cpu")!;
    tf.unregisterKernel("UnsortedSegmentSum", "cpu");
    tf.registerKernel({
      kernelName: "UnsortedSegmentSum",
      backendName: "cpu",
      kernelFunc: unsortedSegmentSumCpu,
    });
    tf.registerKernel({
      kernelName: "UnsortedSegmentSum",
      backendName: "wasm",
      kernelFunc: unsortedSegmentSumWasm,
    });
    await bert(false);
    tf.unregisterKernel("UnsortedSegmentSum", "wasm");
    tf.unregisterKernel("UnsortedSegmentSum", "cpu");
    tf.registerKernel(stockCpuSegmentSum);

    registerTrainingKernels("cpu");
    registerTrainingKernels("wasm");
    for (const [label, backend, make, repeats] of plan) await timeBoth(label, backend, make, repeats, true);
    await bert(true);

    const format = (ms: number | undefined) => (ms === undefined ? "missing" : `${ms.toFixed(1)} ms`);
    console.log(
      rows
        .map(
          ([label, before, after]) =>
            `${label.padEnd(72)} stock ${format(before).padStart(11)}  ours ${format(after).padStart(10)}`,
        )
        .join("\n"),
    );
    for (const [label, before, after] of rows)
      if (before !== undefined) expect(after, label).toBeLessThan(before);
  });
});
