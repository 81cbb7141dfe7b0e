import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import {
  definePlugin,
  InMemoryDataset,
  type Metrics,
  type NamedParameter,
  type TrainableModel,
  Trainer,
  type TrainerOptions,
} from "@tfjs-trainer/core";
import type { Feature } from "@tfjs-trainer/data";
import { BertForQuestionAnswering } from "@tfjs-trainer/models";
import { beforeAll, describe, expect, it } from "vitest";
import qa, {
  getQaPredictions,
  prepareTrainFeatures,
  prepareValidationFeatures,
  QaEvalDataset,
  type QaExample,
  SimpleQaTokenizer,
} from "../src/index.js";
import { feature, PARIS, PARIS_OFFSETS, YES_OFFSETS, yesExample } from "./fixtures.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/**
 * A model whose start/end logits are chosen per feature: a feature's first input id is 100 + its index, and the
 * forward returns that row of the tables (as BertForQuestionAnswering: start_logits then end_logits).
 */
class ScriptedQaModel implements TrainableModel {
  readonly inputNames = ["input_ids", "attention_mask", "token_type_ids"];
  readonly labelNames = ["start_positions", "end_positions"];
  private readonly weight = tf.variable(tf.scalar(0));

  constructor(
    private readonly start: number[][],
    private readonly end: number[][],
  ) {}

  forward(inputs: Record<string, tf.Tensor>) {
    return tf.tidy(() => {
      const rows = inputs.input_ids.slice([0, 0], [-1, 1]).reshape([-1]).sub(100).toInt();
      return {
        start_logits: tf.gather(tf.tensor2d(this.start), rows).add(this.weight),
        end_logits: tf.gather(tf.tensor2d(this.end), rows),
      };
    });
  }

  namedParameters(): NamedParameter[] {
    return [{ name: "w", variable: this.weight }];
  }
}

// the logits of postprocess.test.ts: PARIS → "capital of France" (v1), and for v2 a null-winning "none"
const PARIS_START = [
  [0, -1, -1, -1, 1, 0.5, 2, 3, -2],
  [-0.5, 0, 0, 0, 0.5, 2.5, -1, 1, -3],
  [-3, -1, -1, -1, 0, 1.5, -0.5, 4, 4.5],
];
const PARIS_END = [
  [0, -1, -1, -1, 0.25, 1.5, 0.5, 2.5, -2],
  [-1, 0, 0, 0, -1, 1, 0.5, 3.25, -3],
  [0, -1, -1, -1, -1, 2, 1, 5, -1],
];
const YES_START = [3, -2, -2, -2, 1, 0.5, -2, -2, -2];
const YES_END = [2, -2, -2, -2, 0.5, 1.5, -2, -2, -2];

const ok = yesExample("ok", { text: ["Yes"], answer_start: [0] });
const none = yesExample("none", { text: [], answer_start: [] });
const parisFeatures = PARIS_OFFSETS.map((o, i) => feature("paris", o, i));
const LOGITS = { start: [...PARIS_START, YES_START], end: [...PARIS_END, YES_END] };

function makeTrainer(
  yes: QaExample,
  options: Partial<TrainerOptions> & { qa?: Parameters<typeof qa>[0] } = {},
) {
  const outputDir = mkdtempSync(join(tmpdir(), "qa-plugin-"));
  const logs: string[] = [];
  const { qa: qaOptions, ...rest } = options;
  const features = [...parisFeatures, feature(yes.id, YES_OFFSETS, 3)];
  const trainer = new Trainer({
    model: new ScriptedQaModel(LOGITS.start, LOGITS.end),
    args: { output_dir: outputDir, per_device_eval_batch_size: 3, backend: "cpu" },
    evalDataset: new QaEvalDataset(features, [PARIS, yes]),
    plugins: [qa({ n_best_size: 3, max_answer_length: 3, ...qaOptions })],
    logger: (m) => logs.push(m),
    ...rest,
  });
  return { trainer, outputDir, logs, features };
}

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe("QA plugin: evaluate / predict as HF's QuestionAnsweringTrainer", () => {
  it("evaluate (SQuAD v1): logits → answers with the examples → exact_match / f1 → eval_ files", async () => {
    // 4 features in batches of 3 (the loop concatenates them); paris → "capital of France" (postprocess.test.ts),
    // ok → (4,5) "Yes." 2.5 beats "." 2 and "Yes" 1.5; "Yes." normalizes to "yes" = "Yes" → both exact
    const { trainer, outputDir } = makeTrainer(ok);
    const metrics = await trainer.evaluate();
    expect(metrics.eval_exact_match).toBe(100);
    expect(metrics.eval_f1).toBe(100);
    expect(Object.keys(metrics).slice(0, 3)).toEqual(["eval_exact_match", "eval_f1", "eval_runtime"]);
    expect(readdirSync(outputDir).sort()).toEqual(["eval_nbest_predictions.json", "eval_predictions.json"]);
    expect(readJson(join(outputDir, "eval_predictions.json"))).toEqual({
      paris: "capital of France",
      ok: "Yes.",
    });
    const run = getQaPredictions(trainer)!;
    expect(run.stage).toBe("eval");
    expect(run.evalPrediction.predictions).toEqual([
      { id: "paris", prediction_text: "capital of France" },
      { id: "ok", prediction_text: "Yes." },
    ]);
    expect(run.evalPrediction.label_ids[1]).toEqual({ id: "ok", answers: ok.answers });
    expect(trainer.state.log_history.at(-1)).toMatchObject({ eval_exact_match: 100, eval_f1: 100 });
  });

  it("evaluate and predict (SQuAD v2): null answers, HasAns/NoAns metrics, null_odds, predict_ files", async () => {
    // paris: min null -3 (feature 2), diff -3 - 2.5 - 3.25 = -8.75 → span; none: null 5, diff 2.5 > 0 → ""
    const { trainer, outputDir, features } = makeTrainer(none, { qa: { version_2_with_negative: true } });
    const metrics = await trainer.evaluate();
    expect(metrics).toMatchObject({
      eval_exact: 100,
      eval_f1: 100,
      eval_total: 2,
      eval_HasAns_exact: 100,
      eval_HasAns_total: 1,
      eval_NoAns_exact: 100,
      eval_NoAns_total: 1,
      eval_best_exact: 100,
      eval_best_exact_thresh: 0,
    });
    expect(readJson(join(outputDir, "eval_null_odds.json"))).toEqual({ paris: -8.75, none: 2.5 });
    expect(readFileSync(join(outputDir, "eval_predictions.json"), "utf8")).toBe(
      '{\n    "paris": "capital of France",\n    "none": ""\n}\n',
    );

    const output = await trainer.predict(new QaEvalDataset(features, [PARIS, none]));
    expect(output.metrics.test_exact).toBe(100);
    expect(Object.keys(output.metrics)[0]).toBe("test_exact");
    // the loop's own output stays the raw start/end logits, one row per feature
    expect(Array.isArray(output.predictions) && output.predictions.map((p) => p.shape)).toEqual([
      [4, 9],
      [4, 9],
    ]);
    expect(existsSync(join(outputDir, "predict_null_odds.json"))).toBe(true);
    expect(getQaPredictions(trainer)?.stage).toBe("predict");
  });

  it("composes: a Trainer subclass, a later plugin, plain feature rows with the examples as options", async () => {
    class MyTrainer extends Trainer {
      override async evaluate(options = {}): Promise<Metrics> {
        const metrics = await super.evaluate(options);
        return { ...metrics, custom: 1 };
      }
    }
    const seen: Metrics[] = [];
    const later = definePlugin({
      name: "later",
      apply(trainer) {
        trainer.hooks.computeMetrics.tapPromise({ name: "later", stage: 10 }, async (metrics) => {
          seen.push({ ...metrics });
          return { ...metrics, f1_half: metrics.f1 / 2 };
        });
      },
    });
    const outputDir = mkdtempSync(join(tmpdir(), "qa-plugin-"));
    // rows keep example_id / offset_mapping: remove_unused_columns drops them before the collator
    const rows = [...parisFeatures, feature("ok", YES_OFFSETS, 3)] as unknown as Feature[];
    const trainer = new MyTrainer({
      model: new ScriptedQaModel(LOGITS.start, LOGITS.end),
      args: { output_dir: outputDir, per_device_eval_batch_size: 4, backend: "cpu" },
      evalDataset: new InMemoryDataset(rows),
      plugins: [qa({ n_best_size: 3, max_answer_length: 3, examples: [PARIS, ok], prefix: null }), later],
      logger: () => {},
    });
    const metrics = await trainer.evaluate();
    expect(seen[0]).toMatchObject({ exact_match: 100, f1: 100 });
    expect(metrics).toMatchObject({ eval_exact_match: 100, eval_f1: 100, eval_f1_half: 50, custom: 1 });
    expect(readdirSync(outputDir).sort()).toEqual(["nbest_predictions.json", "predictions.json"]);
  });

  it("a custom metric receives run_qa's formatted predictions and references", async () => {
    const { trainer } = makeTrainer(ok, {
      qa: { computeMetrics: ({ predictions, label_ids }) => ({ n: predictions.length + label_ids.length }) },
    });
    expect((await trainer.evaluate()).eval_n).toBe(4);
  });

  it("fails clearly without the examples, and warns about a best-model metric QA does not return", async () => {
    const { logs } = makeTrainer(ok, {
      args: {
        output_dir: "unused",
        backend: "cpu",
        load_best_model_at_end: true,
        metric_for_best_model: "accuracy",
        eval_strategy: "epoch",
        save_strategy: "epoch",
      },
    });
    expect(logs.join("\n")).toMatch(/metric_for_best_model should be set to one of exact_match, f1/);
    const trainer = new Trainer({
      model: new ScriptedQaModel(LOGITS.start, LOGITS.end),
      args: { output_dir: mkdtempSync(join(tmpdir(), "qa-plugin-")), backend: "cpu" },
      evalDataset: new QaEvalDataset([...parisFeatures, feature("ok", YES_OFFSETS, 3)]),
      plugins: [qa()],
      logger: () => {},
    });
    await expect(trainer.evaluate()).rejects.toThrow(/needs the raw examples/);
  });

  it("prediction_loss_only skips postprocessing (no predictions gathered)", async () => {
    const { trainer, outputDir } = makeTrainer(ok, {
      args: {
        output_dir: mkdtempSync(join(tmpdir(), "qa-plugin-")),
        backend: "cpu",
        prediction_loss_only: true,
      },
    });
    const metrics = await trainer.evaluate();
    expect(metrics.eval_exact_match).toBeUndefined();
    expect(readdirSync(outputDir)).toEqual([]);
  });
});

describe("QA plugin with BertForQuestionAnswering", () => {
  it("trains on prepared features and evaluates end to end, without leaking tensors", async () => {
    const train: QaExample[] = [
      PARIS,
      {
        id: "t2",
        question: "Who?",
        context: "Marie Curie won two prizes.",
        answers: { text: ["Marie Curie"], answer_start: [0] },
      },
    ];
    const tokenizer = SimpleQaTokenizer.fromTexts(train.flatMap((e) => [e.question, e.context]));
    const prep = { max_seq_length: 12, doc_stride: 2 };
    const outputDir = mkdtempSync(join(tmpdir(), "qa-bert-"));
    const model = new BertForQuestionAnswering(
      {
        model_type: "bert",
        vocab_size: tokenizer.vocabSize,
        hidden_size: 16,
        num_hidden_layers: 1,
        num_attention_heads: 2,
        intermediate_size: 32,
        max_position_embeddings: 32,
        hidden_dropout_prob: 0,
        attention_probs_dropout_prob: 0,
      },
      1,
    );
    const trainer = new Trainer({
      model,
      args: {
        output_dir: outputDir,
        max_steps: 3,
        per_device_train_batch_size: 4,
        learning_rate: 1e-3,
        backend: "cpu",
      },
      trainDataset: new InMemoryDataset(prepareTrainFeatures(train, tokenizer, prep) as unknown as Feature[]),
      evalDataset: new QaEvalDataset(prepareValidationFeatures(train, tokenizer, prep), train),
      plugins: [qa()],
      logger: () => {},
    });
    await trainer.train();
    const before = tf.memory().numTensors;
    const metrics = await trainer.evaluate();
    expect(tf.memory().numTensors).toBe(before);
    expect(metrics.eval_exact_match).toBeGreaterThanOrEqual(0);
    expect(metrics.eval_f1).toBeGreaterThanOrEqual(metrics.eval_exact_match);
    const predictions = readJson(join(outputDir, "eval_predictions.json"));
    expect(Object.keys(predictions)).toEqual(["paris", "t2"]);
    for (const example of train) {
      const text = predictions[example.id] as string;
      expect(text === "empty" || example.context.includes(text)).toBe(true);
    }
  });
});
