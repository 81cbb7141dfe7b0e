import * as tf from "@tensorflow/tfjs";
import { AdamW, type NamedParameter } from "@tfjs-trainer/core";
import { SeededRng } from "@tfjs-trainer/data";
import {
  BertForMaskedLM,
  BertForSequenceClassification,
  type BertPreTrainedModel,
} from "@tfjs-trainer/models";
import type { HostBatch } from "../data-parallel.js";
import type { RunOps } from "../measure.js";
import type { BertHead } from "../row.js";
import { ADAMW, BERT_MINI, MLM_LABELLED } from "./bert-mini.js";

/** A batch of random token ids (and labels) of the given size, as host arrays. */
export function randomHostBatch(head: BertHead, batch: number, seq: number): HostBatch {
  const rng = new SeededRng(7);
  const tokens = batch * seq;
  const ids = Int32Array.from({ length: tokens }, () => rng.below(BERT_MINI.vocab_size));
  const labels =
    head === "mlm"
      ? Int32Array.from(ids, (id) => (rng.uniform() < MLM_LABELLED ? id : -100))
      : Int32Array.from({ length: batch }, () => rng.below(BERT_MINI.num_labels));
  const column = (data: Int32Array, shape: number[]) => ({ dtype: "int32" as const, shape, data });
  return {
    input_ids: column(ids, [batch, seq]),
    attention_mask: column(new Int32Array(tokens).fill(1), [batch, seq]),
    token_type_ids: column(new Int32Array(tokens), [batch, seq]),
    labels: column(labels, head === "mlm" ? [batch, seq] : [batch]),
  };
}

/** randomHostBatch as tfjs tensors (the caller disposes them). */
export function randomTensorBatch(head: BertHead, batch: number, seq: number): Record<string, tf.Tensor> {
  return Object.fromEntries(
    Object.entries(randomHostBatch(head, batch, seq)).map(([name, c]) => [
      name,
      tf.tensor(c.data, c.shape, c.dtype),
    ]),
  );
}

/** The loss and the gradient of every parameter, keyed by parameter name (tfjs keys them by variable name). */
export function gradientsByName(
  parameters: readonly NamedParameter[],
  loss: () => tf.Scalar,
): { value: tf.Scalar; grads: Record<string, tf.Tensor> } {
  const nameOf = new Map(parameters.map((p) => [p.variable.name, p.name]));
  const { value, grads } = tf.variableGrads(
    loss,
    parameters.map((p) => p.variable),
  );
  return { value, grads: Object.fromEntries(Object.entries(grads).map(([v, g]) => [nameOf.get(v)!, g])) };
}

/** A fresh BERT-mini with its AdamW. */
export function freshBertMini(head: BertHead): { model: BertPreTrainedModel; optimizer: AdamW } {
  const Model = head === "mlm" ? BertForMaskedLM : BertForSequenceClassification;
  const model: BertPreTrainedModel = new Model({ ...BERT_MINI }, 0);
  return { model, optimizer: new AdamW(model.namedParameters(), ADAMW) };
}

/**
 * One training step as the Trainer's inner loop does it, without the loop around it: forward and loss in training
 * mode (dropout on), gradients of every weight, AdamW (ours, torch's arithmetic). A timed run of several steps
 * waits once, on the last step's loss.
 */
export function bertStepWorkload(
  head: BertHead,
  batch: number,
  seq: number,
): { runOps: RunOps; dispose(): void } {
  const { model, optimizer } = freshBertMini(head);
  const parameters = model.namedParameters();
  const inputs = randomTensorBatch(head, batch, seq);
  let dropoutSeed = 0;

  const step = (): tf.Scalar => {
    const { value, grads } = tf.tidy(() =>
      gradientsByName(parameters, () => model.forward(inputs, { training: true, seed: dropoutSeed++ }).loss!),
    );
    optimizer.step(grads);
    tf.dispose(Object.values(grads));
    return value;
  };

  const runOps: RunOps = async (count) => {
    for (let i = 0; i < count; i++) {
      const loss = step();
      if (i === count - 1) await loss.data();
      loss.dispose();
    }
  };
  return {
    runOps,
    dispose: () => {
      optimizer.dispose();
      model.dispose();
      tf.dispose(Object.values(inputs));
    },
  };
}
