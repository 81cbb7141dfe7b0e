import * as tf from "@tensorflow/tfjs";
import { BertForMaskedLM } from "@tfjs-trainer/models";
import type { RunOps } from "../measure.js";
import { BERT_MINI } from "../workloads/bert-mini.js";

/** The backends @tfjs-trainer/backend's registerTrainingKernels replaces kernels on (webgpu has its own bench). */
export type KernelBackend = "cpu" | "wasm";

/** One row of the --kernels table: a workload on one backend, timed with the stock kernels and with ours. */
export interface KernelWorkload {
  /** Names the row in row specs (stable, no spaces). */
  id: string;
  /** What the row times, as the table names it. */
  label: string;
  backend: KernelBackend;
  /** The kernel compared; where the stock backend has none the stock column says "missing". */
  kernel: string;
  /**
   * The stock side also gets our UnsortedSegmentSum, and nothing else of ours: a BERT step needs the gradient of a
   * 30522-row embedding, which stock wasm has no kernel for and stock cpu takes minutes over (one pass per row).
   */
  stockWithOurSegmentSum?: boolean;
  /** Builds the inputs on the active backend; runOps(n) runs the workload n times and waits for the last result. */
  make(): { runOps: RunOps; dispose(): void };
}

/** Deterministic uniform values in [-1, 1) (a small LCG: the same inputs in every process and on every machine). */
function randomValues(size: number, seed: number): Float32Array {
  const values = new Float32Array(size);
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = state / 2 ** 31 - 1;
  }
  return values;
}

/** Deterministic integers in [low, high). */
function randomInts(size: number, low: number, high: number, seed: number): Int32Array {
  return Int32Array.from(randomValues(size, seed), (v) => low + Math.floor(((v + 1) / 2) * (high - low)));
}

function floats(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(
    randomValues(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
    shape,
  );
}

/**
 * Runs `op` (one kernel, or a few) `count` times, disposing each result, and reads the last one back. The cpu and
 * wasm backends compute synchronously, so the time is the kernels'. No tf.tidy: it would walk the typed arrays it
 * is handed, which costs more than some of the kernels timed here.
 */
function opWorkload(inputs: tf.Tensor[], op: () => tf.Tensor): { runOps: RunOps; dispose(): void } {
  const runOps: RunOps = async (count) => {
    for (let i = 0; i < count; i++) {
      const result = op();
      if (i === count - 1) await result.data();
      result.dispose();
    }
  };
  return { runOps, dispose: () => tf.dispose(inputs) };
}

/** 2048 rows of 64 summed into 1000 segments: the gradient of a gather (an embedding lookup). */
function segmentSum() {
  const x = floats([2048, 64], 1);
  const ids = tf.tensor1d(randomInts(2048, 0, 1000, 2), "int32");
  return opWorkload([x, ids], () => tf.unsortedSegmentSum(x, ids, 1000));
}

/** 2048 tokens, hidden 256, 1000 outputs: x·Wᵀ (a linear layer) and dYᵀ·x (its weight gradient). */
function matMul(transposeA: boolean) {
  const a = transposeA ? floats([2048, 1000], 3) : floats([2048, 256], 3);
  const b = transposeA ? floats([2048, 256], 4) : floats([1000, 256], 4);
  return opWorkload([a, b], () => tf.matMul(a, b, transposeA, !transposeA));
}

/** The bias gradient of the vocabulary projection: 1024 tokens × 30522 logits summed over the tokens. */
function leadingAxesSum() {
  const x = floats([1024, 30522], 5);
  return opWorkload([x], () => tf.sum(x, 0));
}

/** The filter gradient of a 3×3 convolution, 32 → 64 channels, on a batch of 8 images of 32 × 32 ("same" padding). */
function conv2DBackpropFilter() {
  const x = floats([8, 32, 32, 32], 6);
  const dy = floats([8, 32, 32, 64], 7);
  const attrs = { strides: 1, pad: "same", dataFormat: "NHWC", filterShape: [3, 3, 32, 64] };
  return opWorkload(
    [x, dy],
    () =>
      tf
        .engine()
        .runKernel("Conv2DBackpropFilter", { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor,
  );
}

/**
 * BERT-mini (the bench's config) with the masked-LM head (the 30522-wide decoder), every token labelled, dropout on:
 * the loss and the gradients of every weight, no optimizer step.
 */
function bertMlmGradients(batch: number) {
  return () => {
    const model = new BertForMaskedLM({ ...BERT_MINI }, 1);
    const ids = tf.tensor(randomInts(batch * 128, 0, BERT_MINI.vocab_size, 8), [batch, 128], "int32");
    const inputs = { input_ids: ids, attention_mask: tf.onesLike(ids), labels: ids };
    const variables = model.namedParameters().map((p) => p.variable);
    const runOps: RunOps = async (count) => {
      for (let i = 0; i < count; i++) {
        const { value, grads } = tf.tidy(() =>
          tf.variableGrads(() => model.forward(inputs, { training: true, seed: 1 }).loss!, variables),
        );
        if (i === count - 1) await value.data();
        tf.dispose([value, ...Object.values(grads)]);
      }
    };
    return {
      runOps,
      dispose: () => {
        tf.dispose([ids, inputs.attention_mask]);
        model.dispose();
      },
    };
  };
}

const BERT_LABEL = (batch: number) => `BERT-mini MLM forward + gradients, batch ${batch} × 128`;

/** The --kernels table's rows, in the order it prints. */
export const KERNEL_WORKLOADS: readonly KernelWorkload[] = [
  {
    id: "segment-sum-cpu",
    label: "UnsortedSegmentSum [2048, 64] → 1000",
    backend: "cpu",
    kernel: "UnsortedSegmentSum",
    make: segmentSum,
  },
  {
    id: "segment-sum-wasm",
    label: "UnsortedSegmentSum [2048, 64] → 1000",
    backend: "wasm",
    kernel: "UnsortedSegmentSum",
    make: segmentSum,
  },
  {
    id: "matmul-bt-wasm",
    label: "BatchMatMul [2048, 256]·[1000, 256]ᵀ",
    backend: "wasm",
    kernel: "BatchMatMul",
    make: () => matMul(false),
  },
  {
    id: "matmul-at-wasm",
    label: "BatchMatMul [2048, 1000]ᵀ·[2048, 256]",
    backend: "wasm",
    kernel: "BatchMatMul",
    make: () => matMul(true),
  },
  {
    id: "matmul-bt-cpu",
    label: "BatchMatMul [2048, 256]·[1000, 256]ᵀ",
    backend: "cpu",
    kernel: "BatchMatMul",
    make: () => matMul(false),
  },
  {
    id: "sum-leading-cpu",
    label: "Sum [1024, 30522] over axis 0",
    backend: "cpu",
    kernel: "Sum",
    make: leadingAxesSum,
  },
  {
    id: "sum-leading-wasm",
    label: "Sum [1024, 30522] over axis 0",
    backend: "wasm",
    kernel: "Sum",
    make: leadingAxesSum,
  },
  {
    id: "conv2d-filter-wasm",
    label: "Conv2DBackpropFilter x [8, 32, 32, 32], 3×3 → 64",
    backend: "wasm",
    kernel: "Conv2DBackpropFilter",
    make: conv2DBackpropFilter,
  },
  {
    id: "bert-mlm-wasm",
    label: BERT_LABEL(8),
    backend: "wasm",
    kernel: "UnsortedSegmentSum",
    stockWithOurSegmentSum: true,
    make: bertMlmGradients(8),
  },
  {
    id: "bert-mlm-cpu",
    label: BERT_LABEL(2),
    backend: "cpu",
    kernel: "UnsortedSegmentSum",
    stockWithOurSegmentSum: true,
    make: bertMlmGradients(2),
  },
];

export function kernelWorkload(id: string): KernelWorkload {
  const workload = KERNEL_WORKLOADS.find((w) => w.id === id);
  if (!workload) throw new Error(`no kernel workload ${id}`);
  return workload;
}
