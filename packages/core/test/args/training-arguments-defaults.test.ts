import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { IGNORED_HF_FIELD_NAMES, TrainingArguments, trainingArgumentsSchema } from "../../src/args/index.js";

const quiet = { onWarning: () => {} };

// transformers 5.x TrainingArguments defaults after __post_init__ (src/transformers/training_args.py): the
// dataclass defaults, output_dir None → "trainer_output", report_to "none" → [], disable_tqdm None → False at the
// default logging level, optim "adamw_torch_fused" with torch >= 2.8 (the reference runs used torch 2.11).
const HF_5_DEFAULTS = {
  output_dir: "trainer_output",
  per_device_train_batch_size: 8,
  num_train_epochs: 3,
  max_steps: -1,
  learning_rate: 5e-5,
  lr_scheduler_type: "linear",
  lr_scheduler_kwargs: null,
  warmup_steps: 0,
  optim: "adamw_torch_fused",
  weight_decay: 0,
  adam_beta1: 0.9,
  adam_beta2: 0.999,
  adam_epsilon: 1e-8,
  gradient_accumulation_steps: 1,
  max_grad_norm: 1,
  label_smoothing_factor: 0,
  logging_strategy: "steps",
  logging_steps: 500,
  logging_first_step: false,
  logging_nan_inf_filter: true,
  include_num_input_tokens_seen: "no",
  log_level: "passive",
  disable_tqdm: false,
  report_to: [],
  run_name: null,
  eval_strategy: "no",
  eval_steps: null,
  eval_delay: 0,
  per_device_eval_batch_size: 8,
  prediction_loss_only: false,
  eval_on_start: false,
  eval_do_concat_batches: true,
  eval_accumulation_steps: null,
  include_for_metrics: [],
  batch_eval_metrics: false,
  save_only_model: false,
  save_strategy: "steps",
  save_steps: 500,
  save_total_limit: null,
  load_best_model_at_end: false,
  metric_for_best_model: null,
  greater_is_better: null,
  ignore_data_skip: false,
  restore_callback_states_from_checkpoint: false,
  seed: 42,
  data_seed: null,
  dataloader_drop_last: false,
  remove_unused_columns: true,
  label_names: null,
  train_sampling_strategy: "random",
  length_column_name: "length",
  do_train: false,
  do_eval: false,
  do_predict: false,
  resume_from_checkpoint: null,
};
// Fields of ours: logging_dir (HF 5.x dropped it; the TensorBoard plugin picks a folder), the tfjs backend, the
// gradient worker threads, overwrite_output_dir (HF 5.x dropped its check; ours refuses to train over checkpoints
// without it) and skip_nonfinite_updates (skip the update of a step whose loss or gradient is NaN/Inf).
const OUR_DEFAULTS = {
  logging_dir: null,
  backend: "auto",
  data_parallel_workers: 1,
  overwrite_output_dir: false,
  skip_nonfinite_updates: false,
};

const RUNS_DIR = join(import.meta.dirname, "../../../../fixtures/hf-reference/runs");
const referenceRuns = readdirSync(RUNS_DIR).map((name) => ({
  name,
  args: JSON.parse(readFileSync(join(RUNS_DIR, name, "run.json"), "utf8")).args as Record<string, unknown>,
}));

describe("TrainingArguments defaults", () => {
  it("equal transformers 5.x defaults for every field, plus ours", () => {
    expect(new TrainingArguments({}, quiet).toDict()).toEqual({ ...HF_5_DEFAULTS, ...OUR_DEFAULTS });
  });

  it("lists the fields in HF's declaration order", () => {
    expect(Object.keys(new TrainingArguments({}, quiet).toDict())).toEqual(
      Object.keys({ ...HF_5_DEFAULTS, ...OUR_DEFAULTS }),
    );
  });

  it("warns about nothing when every field takes its default", () => {
    expect(new TrainingArguments({}, quiet).warnings).toEqual([]);
  });
});

describe("TrainingArguments against the runs HF 5.17 resolved", () => {
  it.each(referenceRuns)("reads $name's arguments back as HF resolved them", ({ args }) => {
    const ours = TrainingArguments.fromDict(args, "run.json", quiet).toDict();
    for (const [name, value] of Object.entries(ours)) {
      if (name in OUR_DEFAULTS) expect(name in args).toBe(false);
      else expect({ [name]: value }).toEqual({ [name]: args[name] });
    }
  });

  it.each(referenceRuns)("knows every field of $name (built or deliberately ignored)", ({ args }) => {
    const built = new Set(Object.keys(HF_5_DEFAULTS));
    const ignored = new Set(IGNORED_HF_FIELD_NAMES);
    const unaccounted = Object.keys(args).filter((name) => !built.has(name) && !ignored.has(name));
    expect(unaccounted).toEqual([]);
  });

  it("resolves the gpt2 run's warmup fraction as HF's get_warmup_steps did (0.2 of 10 steps = 2)", () => {
    const gpt2 = referenceRuns.find((run) => run.name === "gpt2-clm")!;
    const args = TrainingArguments.fromDict(gpt2.args, "run.json", quiet);
    expect(args.getWarmupSteps(args.max_steps)).toBe(2);
  });

  it("warns once, listing the HF-only fields whose values ask for something unsupported", () => {
    const seq2seq = referenceRuns.find((run) => run.name === "bart-seq2seq")!;
    const warnings: string[] = [];
    TrainingArguments.fromDict(seq2seq.args, "run.json", { onWarning: (w) => warnings.push(w) });
    expect(warnings).toHaveLength(1);
    // use_cpu and predict_with_generate differ from HF's defaults; fp16 (false) and hub_token (masked) do not.
    expect(warnings[0]).toMatch(/^run\.json: ignoring fields tfjs-trainer does not support: /);
    expect(warnings[0]).toContain("use_cpu=true");
    expect(warnings[0]).toContain("predict_with_generate=true");
    expect(warnings[0]).not.toContain("fp16");
    expect(warnings[0]).not.toContain("hub_token");
  });
});

describe("TrainingArguments serialisation", () => {
  it("round-trips through toDict and fromDict", () => {
    const args = new TrainingArguments(
      {
        eval_strategy: "steps",
        logging_steps: 10,
        load_best_model_at_end: true,
        save_steps: 20,
        report_to: "all",
      },
      quiet,
    );
    const again = TrainingArguments.fromDict(args.toDict(), "training_args.json", quiet);
    expect(again.toDict()).toEqual(args.toDict());
  });

  it("writes toJSONString as indented JSON of toDict", () => {
    const args = new TrainingArguments({ learning_rate: 3e-4 }, quiet);
    expect(JSON.parse(args.toJSONString())).toEqual(args.toDict());
    expect(args.toJSONString()).toContain('\n  "learning_rate": 0.0003,');
    expect(JSON.parse(JSON.stringify(args))).toEqual(args.toDict());
  });

  it("hands out copies, so editing a dict does not reach the arguments", () => {
    const args = new TrainingArguments({ report_to: ["tensorboard"] }, quiet);
    const dict = args.toDict();
    (dict.report_to as string[]).push("wandb");
    expect(args.report_to).toEqual(["tensorboard"]);
  });

  it("exports a JSON Schema with HF's field names and defaults", () => {
    const schema = z.toJSONSchema(trainingArgumentsSchema, { io: "input" }) as {
      properties: Record<string, { default?: unknown; deprecated?: boolean }>;
    };
    expect(schema.properties.learning_rate.default).toBe(5e-5);
    expect(schema.properties.save_strategy).toMatchObject({ enum: ["no", "steps", "epoch", "best"] });
    expect(schema.properties.warmup_ratio.deprecated).toBe(true);
    for (const [name, value] of Object.entries({ ...HF_5_DEFAULTS, ...OUR_DEFAULTS })) {
      if (name === "output_dir" || name === "report_to" || name === "disable_tqdm") continue; // resolved later
      expect({ [name]: schema.properties[name].default }).toEqual({ [name]: value });
    }
  });
});

describe("TrainingArguments immutability", () => {
  it("freezes fields, lists and objects", () => {
    const args = new TrainingArguments(
      { report_to: ["tensorboard"], lr_scheduler_kwargs: { power: 2 } },
      quiet,
    );
    expect(() => {
      (args as { learning_rate: number }).learning_rate = 1;
    }).toThrow(TypeError);
    expect(() => (args.report_to as string[]).push("wandb")).toThrow(TypeError);
    expect(Object.isFrozen(args.lr_scheduler_kwargs)).toBe(true);
  });

  it("leaves objects the caller passed in unfrozen", () => {
    const kwargs = { nested: { num_cycles: 2 } };
    new TrainingArguments({ lr_scheduler_kwargs: kwargs }, quiet);
    expect(Object.isFrozen(kwargs)).toBe(false);
    expect(Object.isFrozen(kwargs.nested)).toBe(false);
  });

  it("changes fields only through with(), which validates and re-derives", () => {
    const args = new TrainingArguments({ eval_strategy: "steps", logging_steps: 10 }, quiet);
    expect(args.eval_steps).toBe(10);
    const changed = args.with({ logging_steps: 25 });
    expect(changed.eval_steps).toBe(25);
    expect(args.logging_steps).toBe(10);
    expect(() => args.with({ logging_steps: 2.5 })).toThrow(/logging_steps must be an integer/);
  });
});
