import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setupBackend } from "@tfjs-trainer/backend";
import { definePlugin, type EvalPrediction, TinyTagger, Trainer } from "@tfjs-trainer/core";
import type { HostTensor } from "@tfjs-trainer/data";
import type { EvalMemoryCase } from "../case-spec.js";
import { report } from "../protocol.js";
import { SyntheticDataset } from "../workloads/synthetic-rows.js";

/** Token classification: its logits ([batch, 64, 32] a batch) are what evaluation keeps, as HF's would be. */
const ROWS = { seq: 64, vocab: 1000, numLabels: 32, tokenLabels: true };
const EVAL_BATCH = 64;
const MB = 2 ** 20;

/**
 * evaluate() over `examples` rows with compute_metrics (so predictions are kept), in a fresh process after a warm-up
 * evaluation of two batches. Peak RSS is the kernel's (getrusage maxrss, which also sees the end-of-loop
 * concatenation); tensors and device bytes are sampled after every batch by a predictionStep tap.
 */
export async function runEvalMemoryCase(spec: EvalMemoryCase): Promise<void> {
  await setupBackend("wasm");
  const outputDir = await mkdtemp(join(tmpdir(), "bench-trainer-eval-"));
  const model = new TinyTagger({ vocab_size: ROWS.vocab, hidden_size: 32, num_labels: ROWS.numLabels });
  const peak = { tensors: 0, bytes: 0 };
  const sampler = definePlugin({
    name: "@tfjs-trainer/bench-trainer/memory",
    apply(trainer) {
      trainer.hooks.predictionStep.tapPromise("@tfjs-trainer/bench-trainer/memory", async () => {
        const { numTensors, numBytes } = tf.memory();
        peak.tensors = Math.max(peak.tensors, numTensors);
        peak.bytes = Math.max(peak.bytes, numBytes);
      });
    },
  });
  const trainer = new Trainer({
    model,
    args: {
      output_dir: outputDir,
      backend: "wasm",
      per_device_eval_batch_size: EVAL_BATCH,
      eval_accumulation_steps: spec.accumulationSteps,
      report_to: "none",
    },
    computeMetrics: tokenAccuracy,
    plugins: [sampler],
    logger: () => {},
  });
  try {
    await trainer.evaluate({ evalDataset: new SyntheticDataset(2 * EVAL_BATCH, ROWS) });
    const tensorsBefore = tf.memory().numTensors;
    const bytesBefore = tf.memory().numBytes;
    const rssBefore = process.memoryUsage().rss;
    peak.tensors = tensorsBefore;
    peak.bytes = bytesBefore;
    const metrics = await trainer.evaluate({ evalDataset: new SyntheticDataset(spec.examples, ROWS) });
    const peakRss = process.resourceUsage().maxRSS * 1024;
    if (!(metrics.eval_accuracy! >= 0)) throw new Error(`no eval_accuracy in ${JSON.stringify(metrics)}`);
    report({
      run: {
        peakRssMb: peakRss / MB,
        rssGrowthMb: Math.max(0, peakRss - rssBefore) / MB,
        peakTensors: peak.tensors - tensorsBefore,
        peakDeviceMb: (peak.bytes - bytesBefore) / MB,
        tensorsLeft: tf.memory().numTensors - tensorsBefore,
      },
    });
  } finally {
    model.dispose();
    await rm(outputDir, { recursive: true, force: true });
  }
}

/** Share of tokens whose arg-max logit is the label: reads every kept logit, as a real compute_metrics does. */
function tokenAccuracy(prediction: EvalPrediction): Record<string, number> {
  const logits = prediction.predictions as HostTensor;
  const labels = prediction.label_ids as HostTensor;
  const classes = logits.shape.at(-1)!;
  let correct = 0;
  for (let token = 0; token < labels.data.length; token++) {
    let best = 0;
    for (let c = 1; c < classes; c++) {
      if (logits.data[token * classes + c]! > logits.data[token * classes + best]!) best = c;
    }
    if (best === labels.data[token]) correct++;
  }
  return { accuracy: correct / labels.data.length };
}
