import type { ResolveContext } from "./resolve-context.js";
import type { IntervalStrategy, SaveStrategy, SchedulerType } from "./training-arguments-schema.js";

// The rules between TrainingArguments fields, as transformers 5.x applies them in TrainingArguments.__post_init__
// (and, for save_strategy "best", in Trainer.__init__), with errors naming the fields to change.

/** The fields these rules read and derive. */
export interface RuleFields {
  eval_strategy: IntervalStrategy;
  logging_strategy: IntervalStrategy;
  save_strategy: SaveStrategy;
  logging_steps: number;
  eval_steps: number | null;
  save_steps: number;
  do_eval: boolean;
  load_best_model_at_end: boolean;
  lr_scheduler_type: SchedulerType;
  metric_for_best_model: string | null;
  greater_is_better: boolean | null;
  warmup_steps: number;
}

/** Values HF fills in from other fields. */
export function deriveDependentFields(fields: RuleFields, context: ResolveContext): void {
  if (fields.eval_strategy !== "no") fields.do_eval = true;

  // An eval_steps of 0 counts as unset, as in HF.
  if (fields.eval_strategy === "steps" && !fields.eval_steps) {
    if (!(fields.logging_steps > 0)) {
      const { label } = context;
      context.fail(
        "eval_steps",
        `${label("eval_strategy")} "steps" needs a non-zero ${label("eval_steps")}, or a non-zero ` +
          `${label("logging_steps")} for eval_steps to default to`,
      );
    }
    fields.eval_steps = fields.logging_steps;
  }

  const needsMetric = fields.load_best_model_at_end || fields.lr_scheduler_type === "reduce_lr_on_plateau";
  if (needsMetric && fields.metric_for_best_model === null) fields.metric_for_best_model = "loss";
  if (fields.greater_is_better === null && fields.metric_for_best_model !== null) {
    fields.greater_is_better = !fields.metric_for_best_model.endsWith("loss");
  }
}

const STEP_FIELDS = [
  { steps: "logging_steps", strategy: "logging_strategy" },
  { steps: "eval_steps", strategy: "eval_strategy" },
  { steps: "save_steps", strategy: "save_strategy" },
] as const;

/** An interval is an integer number of steps, or a fraction in (0, 1) of the total number of steps. */
function validateStepIntervals(fields: RuleFields, context: ResolveContext): void {
  const { label } = context;
  for (const { steps, strategy } of STEP_FIELDS) {
    if (fields[strategy] !== "steps") continue;
    const value = fields[steps] ?? 0;
    if (value <= 0) {
      context.fail(steps, `${label(strategy)} "steps" needs ${label(steps)} > 0, got ${value}`, {
        expected: "a number > 0",
        received: String(value),
      });
    }
    if (value > 1 && !Number.isInteger(value)) {
      context.fail(
        steps,
        `${label(steps)} must be an integer when above 1 (below 1 it is a fraction of the total steps), got ${value}`,
        { expected: "an integer, or a fraction in (0, 1)", received: String(value) },
      );
    }
  }
}

function validateBestModelRules(fields: RuleFields, context: ResolveContext): void {
  const { label } = context;
  if (fields.load_best_model_at_end && fields.save_strategy !== "best") {
    if (fields.eval_strategy !== fields.save_strategy) {
      context.fail(
        "save_strategy",
        `${label("load_best_model_at_end")} needs ${label("save_strategy")} to equal ${label("eval_strategy")} ` +
          `(or to be "best"), got save_strategy "${fields.save_strategy}" and eval_strategy "${fields.eval_strategy}"`,
      );
    }
    const evalSteps = fields.eval_steps ?? 0;
    const saveSteps = fields.save_steps;
    if (fields.eval_strategy === "steps" && saveSteps % evalSteps !== 0) {
      const multiple = `${label("load_best_model_at_end")} needs ${label("save_steps")} to be a multiple of ${label("eval_steps")}`;
      const evalIsFraction = evalSteps < 1;
      const saveIsFraction = saveSteps < 1;
      if (evalIsFraction !== saveIsFraction) {
        context.fail(
          "save_steps",
          `${multiple}, which cannot be guaranteed when one is a fraction and the other a number of steps ` +
            `(save_steps ${saveSteps}, eval_steps ${evalSteps})`,
        );
      }
      // Fractions are compared scaled up, as HF does, so that 0.2 counts as a multiple of 0.1 despite rounding.
      const scale = 1_000_000;
      if (!evalIsFraction || (saveSteps * scale) % (evalSteps * scale) !== 0) {
        context.fail("save_steps", `${multiple}, got save_steps ${saveSteps} and eval_steps ${evalSteps}`);
      }
    }
  }

  if (fields.save_strategy === "best" && fields.metric_for_best_model === null) {
    context.fail(
      "metric_for_best_model",
      `${label("save_strategy")} "best" needs ${label("metric_for_best_model")} to say which metric is best`,
    );
  }
  if (fields.lr_scheduler_type === "reduce_lr_on_plateau" && fields.eval_strategy === "no") {
    context.fail(
      "eval_strategy",
      `${label("lr_scheduler_type")} "reduce_lr_on_plateau" steps on evaluation metrics, so ` +
        `${label("eval_strategy")} must not be "no"`,
    );
  }
}

function validateWarmup(fields: RuleFields, context: ResolveContext): void {
  const value = fields.warmup_steps;
  // HF truncates a non-integer step count silently; a value like 2.5 is more likely a mistake than a wish.
  if (value >= 1 && !Number.isInteger(value)) {
    context.fail(
      "warmup_steps",
      `${context.label("warmup_steps")} must be an integer number of steps, or a fraction in [0, 1) of the total ` +
        `steps, got ${value}`,
      { expected: "an integer >= 0, or a fraction in [0, 1)", received: String(value) },
    );
  }
}

export function validateFieldRules(fields: RuleFields, context: ResolveContext): void {
  validateStepIntervals(fields, context);
  validateBestModelRules(fields, context);
  validateWarmup(fields, context);
}
