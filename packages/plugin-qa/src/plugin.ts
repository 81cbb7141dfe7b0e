import {
  type BatchSource,
  definePlugin,
  type EvalLoopOutput,
  type HookContext,
  type Metrics,
  type Trainer,
} from "@tfjs-trainer/core";
import type { HostTensor } from "@tfjs-trainer/data";
import { z } from "zod";
import { postprocessQaPredictions, type QaPostprocessResult, type StartEndLogits } from "./postprocess.js";
import { writeQaPredictionFiles } from "./prediction-files.js";
import { asFeatureMeta, QaEvalDataset } from "./qa-dataset.js";
import { computeSquad, type SquadPrediction, type SquadReference } from "./squad-metric.js";
import { computeSquadV2 } from "./squad-v2-metric.js";
import type { QaExample, QaFeatureMeta } from "./types.js";

export const PLUGIN_NAME = "@tfjs-trainer/plugin-qa";

/** What a custom metric receives: run_qa's formatted predictions and references (HF's EvalPrediction there). */
export interface QaEvalPrediction {
  predictions: SquadPrediction[];
  label_ids: SquadReference[];
}

export type QaComputeMetrics = (prediction: QaEvalPrediction) => Metrics | Promise<Metrics>;

/** The latest QA evaluation or prediction of a trainer (see getQaPredictions). */
export interface QaEvaluation {
  /** "eval" after evaluate(), "predict" after predict(); undefined until that hook ran. */
  stage?: "eval" | "predict";
  /** Answers, n-best lists and (v2) null odds, as HF's postprocess_qa_predictions returns and writes them. */
  result: QaPostprocessResult;
  /** What the metric received. */
  evalPrediction: QaEvalPrediction;
  /** The metric's values, before the core prefixes them. */
  metrics?: Metrics;
  /** Files written (predictions, n-best, null odds). */
  files?: string[];
}

const isArray = (v: unknown) => Array.isArray(v);

const options = z.object({
  /** SQuAD v2: examples may have no answer (HF run_qa: version_2_with_negative). */
  version_2_with_negative: z.boolean().default(false),
  /** Start/end candidates per feature and n-best entries per example (HF: n_best_size). */
  n_best_size: z.number().int().positive().default(20),
  /** Longest answer in tokens (HF: max_answer_length). */
  max_answer_length: z.number().int().positive().default(30),
  /** v2: predict no answer when null score - best span score exceeds this (HF: null_score_diff_threshold). */
  null_score_diff_threshold: z.number().default(0),
  /** "squad" (exact_match, f1), "squad_v2" (exact, f1, HasAns_/NoAns_ …, best thresholds) or "none"; default by version. */
  metric: z.enum(["squad", "squad_v2", "none"]).optional(),
  /** Replaces the SQuAD metric: receives the formatted predictions and references. */
  computeMetrics: z.custom<QaComputeMetrics>((v) => typeof v === "function").optional(),
  /** Where the prediction files go; default the trainer's output_dir (HF: training_args.output_dir). */
  outputDir: z.string().optional(),
  /** Write predictions.json, nbest_predictions.json (and null_odds.json for v2). Default true. */
  writePredictions: z.boolean().default(true),
  /**
   * File name prefix: by default the stage, as run_qa ("eval_predictions.json" after evaluate,
   * "predict_predictions.json" after predict); a string sets it; null writes HF's plain "predictions.json".
   */
  prefix: z.string().nullable().optional(),
  /** The eval examples (HF: eval_examples), used when the evaluated dataset does not carry its own. */
  examples: z.custom<readonly QaExample[]>(isArray).optional(),
  /** The eval features' example ids and offset mappings, when the evaluated dataset is not a QaEvalDataset. */
  features: z.custom<readonly QaFeatureMeta[]>(isArray).optional(),
});

export type QaPluginOptions = z.input<typeof options>;
type Resolved = z.output<typeof options>;

const latest = new WeakMap<Trainer, QaEvaluation>();

/** The latest QA evaluation/prediction of `trainer`: answers, n-best lists, what the metric saw, files written. */
export function getQaPredictions(trainer: Trainer): QaEvaluation | undefined {
  return latest.get(trainer);
}

/**
 * HF's QuestionAnsweringTrainer flow as a plugin. The evaluation loop keeps the raw start/end logits of every
 * feature; `postprocessPredictions` maps them to answers (postprocess_qa_predictions) with the examples and
 * features of the dataset being evaluated; `computeMetrics` adds the SQuAD metric's values (prefixed by the core
 * like every metric); after `evaluate` / `predict` the prediction files are written with the stage as prefix. The
 * loop's own output (logits) is left as it is, so other plugins and subclasses compose.
 */
export default definePlugin({
  name: PLUGIN_NAME,
  options,
  apply(trainer, opts) {
    warnAboutBestMetric(trainer, opts);
    let pending: QaEvaluation | undefined;

    trainer.hooks.postprocessPredictions.tapPromise(PLUGIN_NAME, async (output, ctx) => {
      pending = undefined;
      if (output.predictions === undefined) return output; // prediction_loss_only: nothing to answer
      const { examples, features } = await resolveData(ctx.evalDataloader, opts);
      const result = postprocessQaPredictions(examples, features, startEndLogits(output), opts);
      pending = { result, evalPrediction: formatForMetric(result, examples, opts.version_2_with_negative) };
      latest.set(trainer, pending);
      return output;
    });
    trainer.hooks.computeMetrics.tapPromise(PLUGIN_NAME, async (metrics) => {
      if (!pending) return metrics;
      const qa = await qaMetrics(pending.evalPrediction, opts);
      pending.metrics = qa;
      return { ...qa, ...metrics };
    });
    const writeFiles = (stage: "eval" | "predict") => async (ctx: HookContext) => {
      const done = pending;
      pending = undefined;
      if (!done) return;
      done.stage = stage;
      if (!opts.writePredictions) return;
      const prefix = opts.prefix === undefined ? stage : opts.prefix;
      done.files = await writeQaPredictionFiles(opts.outputDir ?? ctx.args.output_dir, done.result, prefix);
    };
    trainer.hooks.evaluate.tapPromise(PLUGIN_NAME, writeFiles("eval"));
    trainer.hooks.predict.tapPromise(PLUGIN_NAME, writeFiles("predict"));
  },
});

/** Start and end logits rows from the loop's output: the first two outputs, [features, positions] each. */
function startEndLogits(output: EvalLoopOutput): StartEndLogits {
  const p = output.predictions;
  if (!Array.isArray(p) || p.length < 2) {
    throw new Error("QA postprocessing needs two outputs (start_logits, end_logits); the model returned one");
  }
  const rows = (t: HostTensor) => {
    if (t.shape.length !== 2)
      throw new Error(`QA postprocessing: logits of shape [${t.shape}], expected [n, seq]`);
    const [n, width] = t.shape;
    return Array.from({ length: n }, (_, i) => t.data.subarray(i * width, (i + 1) * width));
  };
  return { start: rows(p[0]), end: rows(p[1]) };
}

async function resolveData(
  source: BatchSource | undefined,
  opts: Resolved,
): Promise<{ examples: readonly QaExample[]; features: readonly QaFeatureMeta[] }> {
  const dataset = (source as { dataset?: unknown } | undefined)?.dataset;
  let features: readonly QaFeatureMeta[] | undefined;
  let examples: readonly QaExample[] | undefined = opts.examples;
  if (QaEvalDataset.is(dataset)) {
    features = dataset.features;
    examples = dataset.examples ?? examples;
  } else if (opts.features) {
    features = opts.features;
  } else if (isIndexed(dataset)) {
    const indexed = dataset;
    const rows = await Promise.all(Array.from({ length: indexed.length }, (_, i) => indexed.get(i)));
    features = rows.map(asFeatureMeta);
  }
  if (!features) {
    throw new Error(
      "QA postprocessing: cannot read the evaluated features (an iterable dataset or a custom loader): give the " +
        "plugin `features`, or evaluate on a QaEvalDataset",
    );
  }
  if (!examples) {
    throw new Error(
      "QA postprocessing needs the raw examples: new QaEvalDataset(features, examples), or the plugin's `examples`",
    );
  }
  return { examples, features };
}

function isIndexed(value: unknown): value is { length: number; get(i: number): unknown } {
  const d = value as { length?: unknown; get?: unknown } | undefined;
  return typeof d?.get === "function" && typeof d.length === "number";
}

/** run_qa's post_processing_function output: formatted predictions (v2 with no_answer_probability 0) and references. */
function formatForMetric(
  result: QaPostprocessResult,
  examples: readonly QaExample[],
  v2: boolean,
): QaEvalPrediction {
  const predictions = Object.entries(result.predictions).map(([id, text]) =>
    v2 ? { id, prediction_text: text, no_answer_probability: 0.0 } : { id, prediction_text: text },
  );
  const label_ids = examples.map((ex) => ({ id: String(ex.id), answers: ex.answers }));
  return { predictions, label_ids };
}

async function qaMetrics(prediction: QaEvalPrediction, opts: Resolved): Promise<Metrics> {
  if (opts.computeMetrics) return opts.computeMetrics(prediction);
  const metric = opts.metric ?? (opts.version_2_with_negative ? "squad_v2" : "squad");
  if (metric === "none") return {};
  if (metric === "squad") return computeSquad(prediction.predictions, prediction.label_ids);
  return { ...computeSquadV2(prediction.predictions, prediction.label_ids) };
}

/** run_qa's warning: load_best_model_at_end with a metric the QA metric does not return. */
function warnAboutBestMetric(trainer: Trainer, opts: Resolved): void {
  const { load_best_model_at_end: best, metric_for_best_model: name } = trainer.args;
  if (!best || !name || opts.computeMetrics) return;
  const accepted = opts.version_2_with_negative
    ? ["exact", "f1", "HasAns_exact", "HasAns_f1"]
    : ["exact_match", "f1"];
  if (!accepted.includes(name.replace(/^eval_/, ""))) {
    trainer.logger(`warning: --metric_for_best_model should be set to one of ${accepted.join(", ")}`);
  }
}
