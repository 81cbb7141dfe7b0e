import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import {
  AdamW,
  clipGradNormTensors,
  crossEntropy,
  labelSmoothedLoss,
  type NamedParameter,
  SGD,
} from "@tfjs-trainer/core";
import {
  architectureFor,
  binaryCrossEntropyWithLogits,
  fromPretrained,
  type HFConfig,
  meanSquaredError,
  type PreTrainedModel,
  readConfig,
  spanExtractionLoss,
} from "@tfjs-trainer/models";

/** The HF reference models (tiny: hidden 32, vocab 64) every architecture and head of @tfjs-trainer/models has. */
export const FIXTURES = [
  "bert-mlm",
  "bert-seqcls",
  "bert-tokcls",
  "bert-qa",
  "bert-mc",
  "gpt2",
  "bart",
  "t5",
] as const;
export type Fixture = (typeof FIXTURES)[number];

const MODELS = new URL("../../../fixtures/hf-reference/models/", import.meta.url);

/** Every dropout field of BERT, GPT-2, BART and T5 configs. */
const DROPOUT_FIELDS = [
  "hidden_dropout_prob",
  "attention_probs_dropout_prob",
  "resid_pdrop",
  "embd_pdrop",
  "attn_pdrop",
  "dropout",
  "attention_dropout",
  "activation_dropout",
  "dropout_rate",
];

/**
 * A fixture model on the active backend, as fromPretrained loads it; with `dropout`, every dropout rate of its
 * config set to it (the fixtures have none), so training runs the dropout kernels too.
 */
export async function loadFixture(fixture: Fixture, dropout = 0): Promise<PreTrainedModel> {
  const dir = fileURLToPath(new URL(fixture, MODELS));
  if (dropout === 0) return fromPretrained(dir, { warn: () => {} });
  const config: HFConfig = await readConfig(dir);
  for (const field of DROPOUT_FIELDS) if (field in config) config[field] = dropout;
  const Model = architectureFor(config, dir);
  const model = new Model(config, 0);
  await model.loadWeights(dir, () => {});
  return model;
}

const ids = (rows: number[][]) => tf.tensor2d(rows, undefined, "int32");

/** A batch of two rows with its labels for each fixture's head; -100 marks ignored positions. */
export function fixtureBatch(fixture: Fixture): Record<string, tf.Tensor> {
  const tokens = [
    [5, 17, 33, 9, 41, 2],
    [12, 7, 60, 28, 3, 0],
  ];
  const mask = [
    [1, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 0],
  ];
  const base = { input_ids: ids(tokens), attention_mask: ids(mask) };
  switch (fixture) {
    case "bert-mlm":
      return {
        ...base,
        labels: ids([
          [-100, 17, -100, -100, 41, -100],
          [12, -100, -100, 28, -100, -100],
        ]),
      };
    case "bert-seqcls":
      return { ...base, labels: tf.tensor1d([2, 0], "int32") };
    case "bert-tokcls":
      return {
        ...base,
        labels: ids([
          [0, 4, 1, 3, 2, -100],
          [1, 1, 0, 4, -100, -100],
        ]),
      };
    case "bert-qa":
      return {
        ...base,
        start_positions: tf.tensor1d([1, 2], "int32"),
        end_positions: tf.tensor1d([3, 9], "int32"),
      };
    case "bert-mc":
      return {
        input_ids: tf.tensor3d([tokens, [...tokens].reverse()], undefined, "int32"),
        attention_mask: tf.tensor3d([mask, mask], undefined, "int32"),
        labels: tf.tensor1d([1, 0], "int32"),
      };
    case "gpt2":
      return { ...base, labels: ids(tokens.map((row, r) => row.map((t, i) => (mask[r][i] ? t : -100)))) };
    case "bart":
    case "t5":
      return {
        ...base,
        labels: ids([
          [9, 33, 14, 2],
          [21, 4, 2, -100],
        ]),
      };
  }
}

export interface StepResult {
  loss: number;
  /** Gradients by parameter name. */
  grads: Map<string, Float32Array>;
}

/** One training forward (dropout seeded) and the backward pass; the loss and gradients read back, tensors freed. */
export function trainingStep(model: PreTrainedModel, batch: Record<string, tf.Tensor>): StepResult {
  const parameters = model.namedParameters();
  const { value, grads } = tf.variableGrads(
    () => model.forward(batch, { training: true, seed: 3 }).loss!,
    parameters.map((p) => p.variable),
  );
  const byVariable = new Map(parameters.map((p) => [p.variable.name, p.name]));
  const result: StepResult = { loss: value.dataSync()[0], grads: new Map() };
  for (const [variableName, grad] of Object.entries(grads)) {
    result.grads.set(byVariable.get(variableName)!, grad.dataSync() as Float32Array);
  }
  tf.dispose([value, ...Object.values(grads)]);
  return result;
}

/**
 * The losses of @tfjs-trainer/core and the BERT heads, forward and backward over a logits variable: what a model
 * step with another problem type or label smoothing adds to the kernels of the fixture models' own losses.
 */
export function lossesStep(): void {
  const logits = tf.variable(tf.randomNormal([2, 5, 7], 0, 1, "float32", 1), true, "audit-logits");
  const labels = tf.tensor2d(
    [
      [1, 6, -100, 0, 3],
      [-100, 2, 2, 5, 4],
    ],
    undefined,
    "int32",
  );
  const targets = tf.randomUniform([2, 5, 7], 0, 1, "float32", 2);
  const positions = tf.tensor1d([1, 9], "int32");
  const losses: (() => tf.Scalar)[] = [
    () => crossEntropy(logits, labels),
    () => labelSmoothedLoss(logits, labels, 0.1, true),
    () => meanSquaredError(logits, targets),
    () => binaryCrossEntropyWithLogits(logits, targets),
    () => spanExtractionLoss(logits.reshape([2, -1]), logits.reshape([2, -1]).neg(), positions, positions),
  ];
  for (const loss of losses) {
    const { value, grads } = tf.variableGrads(loss, [logits]);
    tf.dispose([value, ...Object.values(grads)]);
  }
  tf.dispose([logits, labels, targets, positions]);
}

/** clipGradNorm and two steps of AdamW (with weight decay) and of SGD (momentum, Nesterov, weight decay). */
export function optimizerSteps(): void {
  const make = (name: string): NamedParameter => ({
    name,
    variable: tf.variable(tf.randomNormal([4, 3], 0, 1, "float32", 4), true, `audit-${name}`),
  });
  const parameters = [make("w"), make("v")];
  const optimizers = [
    new AdamW(parameters, { lr: 1e-2, weightDecay: 0.01 }),
    new SGD(parameters, { lr: 1e-2, momentum: 0.9, nesterov: true, weightDecay: 0.01 }),
  ];
  for (const optimizer of optimizers) {
    for (let step = 0; step < 2; step++) {
      const raw = Object.fromEntries(parameters.map((p) => [p.name, tf.onesLike(p.variable).mul(0.5)]));
      const { grads, totalNorm } = clipGradNormTensors(raw, 1.0);
      optimizer.step(grads);
      tf.dispose([...Object.values(raw), ...Object.values(grads), ...(totalNorm ? [totalNorm] : [])]);
    }
  }
  for (const optimizer of optimizers) optimizer.dispose();
  for (const p of parameters) p.variable.dispose();
}
