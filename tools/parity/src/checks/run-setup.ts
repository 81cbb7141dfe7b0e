import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
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
    predict?: unknown;
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

/** Plugins HF had: the default flow, rotation for save_total_limit, and the stateful callbacks its state names. */
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
  if (files.run.args.predict_with_generate)
    throw new Error("the run generates in evaluation (Seq2Seq): no plugin here yet");
  return plugins;
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

/** accuracy when HF's evaluations report it (argmax of the logits against the labels). */
export function runMetrics(files: RunFiles): ComputeMetrics | undefined {
  if (!files.run.log_history.some((e) => "eval_accuracy" in e)) return undefined;
  return ({ predictions, label_ids }) => {
    const p = predictions as HostTensor;
    const labels = label_ids as HostTensor;
    const classes = p.shape[p.shape.length - 1];
    let correct = 0;
    for (let r = 0; r < labels.data.length; r++) {
      const row = Array.from(p.data.subarray(r * classes, (r + 1) * classes));
      if (row.indexOf(Math.max(...row)) === labels.data[r]) correct++;
    }
    return { accuracy: correct / labels.data.length };
  };
}
