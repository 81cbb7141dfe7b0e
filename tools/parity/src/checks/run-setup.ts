import { existsSync, readdirSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { type ComputeMetrics, type PluginSpec, TrainingArguments } from "@tfjs-trainer/core";
import {
  type DataCollator,
  DataCollatorForSeq2Seq,
  DataCollatorWithPadding,
  type Feature,
  type HostTensor,
} from "@tfjs-trainer/data";
import rotation from "@tfjs-trainer/plugin-checkpoint-rotation";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import earlyStopping from "@tfjs-trainer/plugin-early-stopping";
import seq2seq from "@tfjs-trainer/plugin-seq2seq";

/** What a runs/<name>/ folder says about the run (fixtures README, section runs/). */
export interface RunFiles {
  name: string;
  dir: string;
  run: {
    args: Record<string, unknown>;
    log_history: Record<string, number>[];
    best_metric: number | null;
    best_model_checkpoint: string | null;
    checkpoints_kept: string[];
    train_output: { global_step: number };
    final_eval?: Record<string, number>;
    /** What predict() returned (on data.test, else data.eval): arrays as nested lists, and its metrics. */
    predict?: { predictions?: unknown; label_ids?: unknown; metrics: Record<string, number> };
  };
  data: {
    train: Feature[];
    eval: Feature[];
    test?: Feature[];
    pad_token_id: number;
    label_pad_token_id?: number;
  };
  /** The initial model: the models/<m> folder whose config is the run's final config. */
  modelDir: string;
  /** trainer_state.json of a checkpoint HF kept (for its keys and stateful callbacks). */
  trainerState?: Record<string, unknown> & {
    stateful_callbacks?: Record<string, { args: Record<string, number> }>;
  };
}

const json = (path: string) => JSON.parse(readFileSync(path, "utf8"));
/** A config without the fields HF changes by training or saving (version, use_cache, the problem type it inferred). */
const withoutVersion = ({
  transformers_version: _v,
  use_cache: _c,
  problem_type: _p,
  ...rest
}: Record<string, unknown>) => JSON.stringify(rest);

export function readRun(fixtures: string, name: string): RunFiles {
  const dir = join(fixtures, "runs", name);
  const run = json(join(dir, "run.json"));
  const finalConfig = withoutVersion(json(join(dir, "final", "config.json")));
  const models = readdirSync(join(fixtures, "models"));
  const model = models.find(
    (m) => withoutVersion(json(join(fixtures, "models", m, "config.json"))) === finalConfig,
  );
  if (!model) throw new Error(`no models/<name>/config.json equals runs/${name}/final/config.json`);
  // a run without its own data.json used the data of another run of the same initial model
  const dataDir = existsSync(join(dir, "data.json"))
    ? dir
    : readdirSync(join(fixtures, "runs"))
        .map((r) => join(fixtures, "runs", r))
        .find(
          (d) =>
            existsSync(join(d, "data.json")) &&
            withoutVersion(json(join(d, "final", "config.json"))) === finalConfig,
        );
  if (!dataDir) throw new Error(`runs/${name} has no data.json, nor does another run of the same model`);
  const kept = run.checkpoints_kept as string[];
  const statePath = kept.map((c) => join(dir, c, "trainer_state.json")).find(existsSync);
  return {
    name,
    dir,
    run,
    data: json(join(dataDir, "data.json")),
    modelDir: join(fixtures, "models", model),
    trainerState: statePath ? json(statePath) : undefined,
  };
}

/** HF's resolved arguments as ours (HF-only fields accepted and ignored), output_dir ours, sequential order. */
export function runArguments(files: RunFiles, outputDir: string): TrainingArguments {
  return TrainingArguments.fromDict(
    { ...files.run.args, output_dir: outputDir, train_sampling_strategy: "sequential", backend: "cpu" },
    join(files.dir, "run.json"),
    { onWarning: () => {} },
  );
}

/**
 * Plugins HF had: the default flow, rotation for save_total_limit, the stateful callbacks its state names, and the
 * seq2seq plugin with the run's generation arguments when it generated in evaluation (HF's Seq2SeqTrainer).
 */
export function runPlugins(files: RunFiles): PluginSpec[] {
  const plugins: PluginSpec[] = [defaultFlow, rotation];
  const callbacks = files.trainerState?.stateful_callbacks ?? {};
  for (const [name, saved] of Object.entries(callbacks)) {
    if (name === "EarlyStoppingCallback") {
      plugins.push(
        earlyStopping({
          patience: saved.args.early_stopping_patience,
          threshold: saved.args.early_stopping_threshold,
        }),
      );
    } else if (name !== "TrainerControl") {
      throw new Error(`the run used ${name}, which has no plugin here`);
    }
  }
  const args = files.run.args;
  if (args.predict_with_generate) {
    plugins.push(
      seq2seq({
        predict_with_generate: true,
        generation_max_length: (args.generation_max_length ?? null) as number | null,
        generation_num_beams: (args.generation_num_beams ?? null) as number | null,
        generation_config: generationConfigOf(files),
      }),
    );
  }
  return plugins;
}

/** generation_config of run.json: an object, or a folder/file (a relative one lies in the run's folder). */
function generationConfigOf(files: RunFiles): string | Record<string, unknown> | null {
  const value = files.run.args.generation_config ?? null;
  if (typeof value === "string") return isAbsolute(value) ? value : join(files.dir, value);
  return value as Record<string, unknown> | null;
}

/** Rows with a label per token pad it with -100 (HF's seq2seq/LM collation); class labels need plain padding. */
export function runCollator(files: RunFiles): DataCollator {
  const first = files.data.train[0];
  const padTokenId = files.data.pad_token_id;
  if (Array.isArray(first.labels)) {
    return DataCollatorForSeq2Seq({ padTokenId, labelPadTokenId: files.data.label_pad_token_id ?? -100 });
  }
  return DataCollatorWithPadding({ padTokenId });
}

/** The evaluation metrics HF's runs report (beyond the loss), as compute_metrics functions of ours. */
const METRICS: Record<string, (files: RunFiles) => MetricFunction> = {
  accuracy: () => accuracy,
  exact_match: (files) => exactMatch(specialTokenIds(files)),
};

type MetricFunction = (predictions: HostTensor, labels: HostTensor) => number;

/** Names of the metrics HF's evaluations reported (eval_<name>), wall-clock figures and the loss left out. */
export function reportedMetrics(files: RunFiles): string[] {
  const names = new Set<string>();
  for (const entry of files.run.log_history) {
    for (const key of Object.keys(entry)) {
      const name = key.startsWith("eval_") ? key.slice(5) : undefined;
      if (name && name !== "loss" && !/(^runtime|_per_second)$/.test(name)) names.add(name);
    }
  }
  return [...names].sort();
}

/** compute_metrics giving every metric the run's evaluations reported; a metric with no definition here fails. */
export function runMetrics(files: RunFiles): ComputeMetrics | undefined {
  const names = reportedMetrics(files);
  if (names.length === 0) return undefined;
  const functions = names.map((name) => {
    const make = METRICS[name];
    if (!make) throw new Error(`the run reports eval_${name}, which the parity tool has no definition of`);
    return [name, make(files)] as const;
  });
  return ({ predictions, label_ids }) => {
    const p = predictions as HostTensor;
    const labels = label_ids as HostTensor;
    return Object.fromEntries(functions.map(([name, f]) => [name, f(p, labels)]));
  };
}

/** Argmax of the logits against the class labels. */
function accuracy(p: HostTensor, labels: HostTensor): number {
  const classes = p.shape[p.shape.length - 1];
  let correct = 0;
  for (let r = 0; r < labels.data.length; r++) {
    const row = Array.from(p.data.subarray(r * classes, (r + 1) * classes));
    if (row.indexOf(Math.max(...row)) === labels.data[r]) correct++;
  }
  return correct / labels.data.length;
}

/**
 * The share of rows whose generated text equals the reference: ids compared as a tokenizer decodes them with
 * skip_special_tokens (pad, bos, eos, decoder start and the -100 padding dropped wherever they occur).
 */
function exactMatch(special: Set<number>): MetricFunction {
  const text = (t: HostTensor, r: number) => {
    const width = t.shape[1];
    return Array.from(t.data.subarray(r * width, (r + 1) * width))
      .filter((id) => !special.has(id))
      .join(" ");
  };
  return (p, labels) => {
    const rows = labels.shape[0];
    let same = 0;
    for (let r = 0; r < rows; r++) if (text(p, r) === text(labels, r)) same++;
    return same / rows;
  };
}

/** Special token ids of the run's model (config.json) and data (pad ids), plus the -100 label padding. */
function specialTokenIds(files: RunFiles): Set<number> {
  const config = json(join(files.modelDir, "config.json"));
  const ids = [
    config.pad_token_id,
    config.bos_token_id,
    config.eos_token_id,
    config.decoder_start_token_id,
    files.data.pad_token_id,
    files.data.label_pad_token_id ?? -100,
  ].flat();
  return new Set(ids.filter((id): id is number => typeof id === "number"));
}
