import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ArgumentError,
  TrainingArguments,
  type TrainingArgumentsInit,
  trainingArgumentsSchema,
} from "../../src/args/index.js";

const quiet = { onWarning: () => {} };
const make = (init: TrainingArgumentsInit) => new TrainingArguments(init, quiet);

/** The ArgumentError a construction throws (failing the test if it does not throw one). */
function errorOf(init: Record<string, unknown>): ArgumentError {
  try {
    TrainingArguments.fromDict(init, undefined, quiet);
  } catch (error) {
    if (error instanceof ArgumentError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(init)} to be rejected`);
}

describe("eval_steps and do_eval (HF __post_init__)", () => {
  it('defaults eval_steps to logging_steps when eval_strategy is "steps"', () => {
    expect(make({ eval_strategy: "steps", logging_steps: 50 }).eval_steps).toBe(50);
  });

  it("treats eval_steps 0 as unset, as HF does", () => {
    expect(make({ eval_strategy: "steps", logging_steps: 7, eval_steps: 0 }).eval_steps).toBe(7);
  });

  it("keeps an explicit eval_steps", () => {
    expect(make({ eval_strategy: "steps", logging_steps: 50, eval_steps: 20 }).eval_steps).toBe(20);
  });

  it("fails when neither eval_steps nor logging_steps gives an interval", () => {
    const error = errorOf({ eval_strategy: "steps", logging_steps: 0 });
    expect(error.field).toBe("eval_steps");
    expect(error.message).toMatch(/eval_strategy "steps" needs a non-zero eval_steps.*logging_steps/);
  });

  it("leaves eval_steps null when evaluation is not by steps", () => {
    expect(make({ eval_strategy: "epoch" }).eval_steps).toBeNull();
  });

  it('sets do_eval when eval_strategy is not "no"', () => {
    expect(make({ eval_strategy: "epoch" }).do_eval).toBe(true);
    expect(make({ eval_strategy: "no" }).do_eval).toBe(false);
    expect(make({ do_eval: true }).do_eval).toBe(true);
  });
});

describe("step intervals", () => {
  it.each([
    ["logging_steps", { logging_strategy: "steps", logging_steps: 0 }],
    ["save_steps", { save_strategy: "steps", save_steps: 0 }],
  ])("requires %s > 0 when its strategy is steps", (field, init) => {
    const error = errorOf(init);
    expect(error.field).toBe(field);
    expect(error.message).toContain(`needs ${field} > 0`);
  });

  it.each(["logging", "eval", "save"] as const)("requires an integer %s_steps above 1", (kind) => {
    const error = errorOf({ [`${kind}_strategy`]: "steps", [`${kind}_steps`]: 2.5 });
    expect(error.field).toBe(`${kind}_steps`);
    expect(error.message).toContain(`${kind}_steps must be an integer when above 1`);
  });

  it("does not check intervals of strategies that do not use them, as HF", () => {
    expect(make({ save_strategy: "epoch", save_steps: 2.5 }).save_steps).toBe(2.5);
  });

  it("rejects negative intervals by type", () => {
    expect(errorOf({ logging_steps: -1 }).expected).toBe("a number >= 0");
  });

  it("keeps fractions and resolves them against the total steps as HF's Trainer (math.ceil)", () => {
    const args = make({ logging_steps: 0.07, eval_strategy: "steps", eval_steps: 0.25, save_steps: 0.5 });
    expect(args.logging_steps).toBe(0.07);
    // 100 * 0.07 is 7.000000000000001 in IEEE-754 doubles, so Python's math.ceil gives 8, and so must we.
    expect(100 * 0.07).toBeGreaterThan(7);
    expect(args.resolveSteps("logging", 100)).toBe(8);
    expect(args.resolveSteps("eval", 10)).toBe(3);
    expect(args.resolveSteps("save", 9)).toBe(5);
  });

  it("returns whole-step intervals unchanged, and null for no eval_steps", () => {
    const args = make({ logging_steps: 10 });
    expect(args.resolveSteps("logging", 1000)).toBe(10);
    expect(args.resolveSteps("eval", 1000)).toBeNull();
  });
});

describe("load_best_model_at_end", () => {
  it("requires save_strategy to match eval_strategy", () => {
    const error = errorOf({ load_best_model_at_end: true, eval_strategy: "epoch", save_strategy: "steps" });
    expect(error.field).toBe("save_strategy");
    expect(error.message).toContain("load_best_model_at_end needs save_strategy to equal eval_strategy");
    expect(error.message).toContain('save_strategy "steps" and eval_strategy "epoch"');
  });

  it('exempts save_strategy "best" (transformers 5.x)', () => {
    const args = make({ load_best_model_at_end: true, eval_strategy: "steps", save_strategy: "best" });
    expect(args.save_strategy).toBe("best");
  });

  it("requires save_steps to be a round multiple of eval_steps", () => {
    const error = errorOf({
      load_best_model_at_end: true,
      eval_strategy: "steps",
      eval_steps: 200,
      save_steps: 500,
    });
    expect(error.field).toBe("save_steps");
    expect(error.message).toContain(
      "save_steps to be a multiple of eval_steps, got save_steps 500 and eval_steps 200",
    );
    expect(
      make({ load_best_model_at_end: true, eval_strategy: "steps", eval_steps: 200, save_steps: 400 })
        .save_steps,
    ).toBe(400);
  });

  it("rejects mixing a fraction with a number of steps", () => {
    const error = errorOf({
      load_best_model_at_end: true,
      eval_strategy: "steps",
      eval_steps: 100,
      save_steps: 0.5,
    });
    expect(error.message).toContain("one is a fraction and the other a number of steps");
  });

  it("compares two fractions scaled up, so 0.3 is a multiple of 0.1 despite float rounding", () => {
    expect(0.3 % 0.1).not.toBe(0);
    expect(
      make({ load_best_model_at_end: true, eval_strategy: "steps", eval_steps: 0.1, save_steps: 0.3 })
        .save_steps,
    ).toBe(0.3);
    expect(
      errorOf({ load_best_model_at_end: true, eval_strategy: "steps", eval_steps: 0.1, save_steps: 0.25 })
        .field,
    ).toBe("save_steps");
  });

  it('defaults metric_for_best_model to "loss" and greater_is_better to false', () => {
    const args = make({ load_best_model_at_end: true, eval_strategy: "epoch", save_strategy: "epoch" });
    expect(args.metric_for_best_model).toBe("loss");
    expect(args.greater_is_better).toBe(false);
  });
});

describe("metric_for_best_model and greater_is_better", () => {
  it.each([
    ["accuracy", true],
    ["eval_f1", true],
    ["eval_loss", false],
    ["loss", false],
  ])("derives greater_is_better from %s", (metric, greater) => {
    expect(make({ metric_for_best_model: metric }).greater_is_better).toBe(greater);
  });

  it("keeps an explicit greater_is_better", () => {
    expect(
      make({ metric_for_best_model: "perplexity_loss", greater_is_better: true }).greater_is_better,
    ).toBe(true);
  });

  it('requires a metric for save_strategy "best" (HF checks this in Trainer.__init__)', () => {
    const error = errorOf({ save_strategy: "best", eval_strategy: "steps" });
    expect(error.field).toBe("metric_for_best_model");
    expect(error.message).toContain('save_strategy "best" needs metric_for_best_model');
  });

  it('uses "loss" for reduce_lr_on_plateau, which needs evaluation', () => {
    expect(
      make({ lr_scheduler_type: "reduce_lr_on_plateau", eval_strategy: "epoch" }).metric_for_best_model,
    ).toBe("loss");
    const error = errorOf({ lr_scheduler_type: "reduce_lr_on_plateau" });
    expect(error.field).toBe("eval_strategy");
    expect(error.message).toContain('lr_scheduler_type "reduce_lr_on_plateau"');
  });
});

describe("warmup", () => {
  it("reads warmup_steps >= 1 as a count and below 1 as a ratio (HF 5.x get_warmup_steps)", () => {
    expect(make({ warmup_steps: 5 }).getWarmupSteps(100)).toBe(5);
    expect(make({ warmup_steps: 0.1 }).getWarmupSteps(25)).toBe(3); // ceil(2.5)
    expect(make({ warmup_steps: 0 }).getWarmupSteps(25)).toBe(0);
    expect(make({ warmup_steps: 1 }).getWarmupSteps(25)).toBe(1);
  });

  it("rejects a negative or fractional count", () => {
    expect(errorOf({ warmup_steps: -1 }).field).toBe("warmup_steps");
    const error = errorOf({ warmup_steps: 2.5 });
    expect(error.field).toBe("warmup_steps");
    expect(error.message).toContain("integer number of steps, or a fraction in [0, 1)");
  });

  it("maps the 4.x warmup_ratio onto a warmup_steps ratio, with a deprecation warning", () => {
    const warnings: string[] = [];
    const args = TrainingArguments.fromDict({ warmup_ratio: 0.1 }, "old.json", {
      onWarning: (w) => warnings.push(w),
    });
    expect(args.warmup_steps).toBe(0.1);
    expect(args.getWarmupSteps(25)).toBe(3);
    expect(warnings).toEqual([
      "old.json: warmup_ratio was removed in transformers 5.x; using it as warmup_steps 0.1 (a ratio)",
    ]);
    expect("warmup_ratio" in args.toDict()).toBe(false);
  });

  it("rejects warmup_ratio together with a non-zero warmup_steps", () => {
    const error = errorOf({ warmup_ratio: 0.1, warmup_steps: 10 });
    expect(error.field).toBe("warmup_ratio");
    expect(error.message).toContain("give either warmup_ratio (0.1) or warmup_steps (10), not both");
    expect(make({ warmup_ratio: 0, warmup_steps: 10 }).warmup_steps).toBe(10);
  });

  it("rejects a warmup_ratio of 1, which a warmup_steps fraction cannot express", () => {
    expect(errorOf({ warmup_ratio: 1 }).message).toContain("cannot become a warmup_steps fraction");
  });
});

describe("other 4.x names", () => {
  it("maps group_by_length to train_sampling_strategy", () => {
    expect(make({ group_by_length: true }).train_sampling_strategy).toBe("group_by_length");
    expect(errorOf({ group_by_length: true, train_sampling_strategy: "sequential" }).field).toBe(
      "group_by_length",
    );
  });

  it("maps evaluation_strategy to eval_strategy", () => {
    expect(make({ evaluation_strategy: "epoch" }).eval_strategy).toBe("epoch");
    expect(errorOf({ evaluation_strategy: "epoch", eval_strategy: "steps" }).field).toBe(
      "evaluation_strategy",
    );
  });

  it("maps include_inputs_for_metrics to include_for_metrics", () => {
    expect(
      make({ include_inputs_for_metrics: true, include_for_metrics: ["loss"] }).include_for_metrics,
    ).toEqual(["loss", "inputs"]);
  });
});

describe("normalised fields", () => {
  it.each([
    ["none", []],
    [null, []],
    [["none"], []],
    ["all", ["all"]],
    ["tensorboard", ["tensorboard"]],
    [
      ["tensorboard", "wandb"],
      ["tensorboard", "wandb"],
    ],
  ])("normalises report_to %j to %j", (reportTo, expected) => {
    expect(make({ report_to: reportTo }).report_to).toEqual(expected);
  });

  it('rejects "none" or "all" mixed with integrations', () => {
    expect(errorOf({ report_to: ["none", "wandb"] }).field).toBe("report_to");
  });

  it("parses lr_scheduler_kwargs given as a JSON string, converting quoted numbers and booleans as HF", () => {
    const args = make({
      lr_scheduler_kwargs: '{"num_cycles": "2", "power": "1.5", "nested": {"flag": "true"}}',
    });
    expect(args.lr_scheduler_kwargs).toEqual({ num_cycles: 2, power: 1.5, nested: { flag: true } });
    const error = errorOf({ lr_scheduler_kwargs: "num_cycles=2" });
    expect(error.field).toBe("lr_scheduler_kwargs");
    expect(error.expected).toBe("an object or a JSON object string");
  });

  it("keeps lr_scheduler_kwargs given as an object", () => {
    expect(make({ lr_scheduler_kwargs: { min_lr_rate: 0.1 } }).lr_scheduler_kwargs).toEqual({
      min_lr_rate: 0.1,
    });
  });

  it("maps include_num_input_tokens_seen booleans to HF's names", () => {
    expect(make({ include_num_input_tokens_seen: true }).include_num_input_tokens_seen).toBe("all");
    expect(make({ include_num_input_tokens_seen: false }).include_num_input_tokens_seen).toBe("no");
  });

  it("expands a leading ~ in output_dir", () => {
    const home = process.env.HOME;
    expect(make({ output_dir: "~/runs/a" }).output_dir).toBe(`${home}/runs/a`);
    expect(make({ output_dir: "out/~a" }).output_dir).toBe("out/~a");
  });

  it("accepts resume_from_checkpoint as a path or true (newest), with false meaning no resume", () => {
    expect(make({ resume_from_checkpoint: "out/checkpoint-4" }).resume_from_checkpoint).toBe(
      "out/checkpoint-4",
    );
    expect(make({ resume_from_checkpoint: true }).resume_from_checkpoint).toBe(true);
    expect(make({ resume_from_checkpoint: false }).resume_from_checkpoint).toBeNull();
  });

  it("hides progress bars by default only at quiet log levels", () => {
    expect(make({ log_level: "error" }).disable_tqdm).toBe(true);
    expect(make({ log_level: "info" }).disable_tqdm).toBe(false);
    expect(make({ log_level: "error", disable_tqdm: false }).disable_tqdm).toBe(false);
  });

  it("treats both HF AdamW names as one optimizer", () => {
    expect(make({ optim: "adamw_torch" }).optimizerKind).toBe("adamw");
    expect(make({ optim: "adamw_torch_fused" }).optimizerKind).toBe("adamw");
    expect(make({ optim: "sgd" }).optimizerKind).toBe("sgd");
    expect(errorOf({ optim: "adafactor" }).expected).toBe('one of "adamw_torch", "adamw_torch_fused", "sgd"');
  });
});

describe("field checks", () => {
  it("rejects an unknown field, suggesting the closest name", () => {
    const error = errorOf({ learning_rat: 1e-4 });
    expect(error.field).toBe("learning_rat");
    expect(error.suggestion).toBe("learning_rate");
    expect(error.message).toBe('unknown field "learning_rat" (did you mean "learning_rate"?)');
  });

  it("offers no suggestion when nothing is close", () => {
    const error = errorOf({ zzz: 1 });
    expect(error.suggestion).toBeUndefined();
    expect(error.message).toBe('unknown field "zzz"');
  });

  it("rejects a wrong type, naming the field and the expected type", () => {
    const error = errorOf({ per_device_train_batch_size: "eight" });
    expect(error.field).toBe("per_device_train_batch_size");
    expect(error.expected).toBe("an integer >= 1");
    expect(error.received).toBe('"eight"');
    expect(error.message).toBe('per_device_train_batch_size expects an integer >= 1, got "eight"');
  });

  it("rejects values outside a field's range", () => {
    expect(errorOf({ adam_beta2: 1 }).message).toBe("adam_beta2 expects a number in [0, 1), got 1");
    expect(errorOf({ eval_strategy: "sometimes" }).expected).toBe('one of "no", "steps", "epoch"');
  });

  it("accepts HF fields it ignores, warning only about values that ask for something", () => {
    const warnings: string[] = [];
    const onWarning = (w: string) => warnings.push(w);
    TrainingArguments.fromDict({ fp16: false, push_to_hub: false, dataloader_num_workers: 0 }, "a.json", {
      onWarning,
    });
    expect(warnings).toEqual([]);
    TrainingArguments.fromDict({ fp16: true, push_to_hub: true }, "b.json", { onWarning });
    expect(warnings).toEqual([
      "b.json: ignoring fields tfjs-trainer does not support: fp16=true, push_to_hub=true",
    ]);
  });

  it("rejects a mapping that is not an object", () => {
    expect(() => TrainingArguments.fromDict([1, 2], "list.json", quiet)).toThrow(
      "list.json: expected a mapping of field names to values, got [1,2]",
    );
  });
});

describe("subclassing", () => {
  const seq2seqSchema = trainingArgumentsSchema.extend({
    predict_with_generate: z.boolean().default(false),
    generation_max_length: z.number().int().min(1).nullable().default(null),
  });

  class Seq2SeqTrainingArguments extends TrainingArguments {
    static override readonly groupName = "Seq2SeqTrainingArguments";
    static override readonly schema = seq2seqSchema;
    declare readonly predict_with_generate: boolean;
    declare readonly generation_max_length: number | null;
  }

  it("adds fields through an extended schema, keeping the rules of the base", () => {
    const args = Seq2SeqTrainingArguments.fromDict(
      { predict_with_generate: true, eval_strategy: "steps" },
      "s.json",
      quiet,
    );
    expect(args).toBeInstanceOf(Seq2SeqTrainingArguments);
    expect(args.predict_with_generate).toBe(true);
    expect(args.eval_steps).toBe(500);
    expect(args.toDict()).toMatchObject({ predict_with_generate: true, generation_max_length: null });
    // with() is typed for the base fields; a subclass's own fields pass through a cast and are validated at run time.
    expect(args.with({ generation_max_length: 12 } as TrainingArgumentsInit).generation_max_length).toBe(12);
  });

  it("validates the added fields strictly", () => {
    expect(() => Seq2SeqTrainingArguments.fromDict({ generation_max_length: 0 }, "s.json", quiet)).toThrow(
      "s.json: generation_max_length expects an integer >= 1 or null, got 0",
    );
  });
});
