import { LambdaLR } from "./lambda-lr.js";
import { type PlateauMode, type PlateauThresholdMode, ReduceLROnPlateau } from "./reduce-lr-on-plateau.js";
import {
  constantLambda,
  constantWithWarmupLambda,
  cosineLambda,
  cosineWarmupWithMinLrLambda,
  cosineWithHardRestartsLambda,
  inverseSqrtLambda,
  linearLambda,
  polynomialDecayLambda,
  WSD_SHAPES,
  warmupStableDecayLambda,
} from "./schedule-lambdas.js";
import { SchedulerKwargs } from "./scheduler-kwargs.js";
import type { LRScheduler, Optimizer } from "./types.js";

/** HF's `SchedulerType` values this package implements. */
export const SCHEDULER_NAMES = [
  "linear",
  "cosine",
  "cosine_with_restarts",
  "polynomial",
  "constant",
  "constant_with_warmup",
  "inverse_sqrt",
  "reduce_lr_on_plateau",
  "cosine_with_min_lr",
  "cosine_warmup_with_min_lr",
  "warmup_stable_decay",
] as const;
export type SchedulerName = (typeof SCHEDULER_NAMES)[number];

export interface SchedulerOptions {
  numWarmupSteps?: number;
  numTrainingSteps?: number;
  /** HF's `scheduler_specific_kwargs`, with HF's (snake_case) option names. */
  kwargs?: Record<string, unknown>;
}

function isSchedulerName(name: string): name is SchedulerName {
  return (SCHEDULER_NAMES as readonly string[]).includes(name);
}

function requireStepCount(value: number | undefined, scheduler: string, option: string): number {
  if (value === undefined) throw new Error(`${scheduler} requires ${option}`);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${scheduler}: ${option} must be an integer >= 0, got ${value}`);
  return value;
}

/**
 * HF reads `optimizer.defaults["lr"]` (the lr the optimizer was built with) for polynomial's end point and for
 * min_lr → min_lr_rate. Our optimizers keep no separate defaults; HF's Trainer gives every group that same lr, and
 * the first group's initial lr is it.
 */
function optimizerLr(optimizer: Optimizer): number {
  return optimizer.paramGroups[0].initialLr;
}

/** min_lr_rate, given directly or as min_lr over the optimizer's lr; exactly one of the two (HF). */
function minLrRate(name: string, kwargs: SchedulerKwargs, optimizer: Optimizer): number {
  const minLr = kwargs.optionalNumber("min_lr");
  const rate = kwargs.optionalNumber("min_lr_rate");
  if (minLr !== undefined && rate !== undefined)
    throw new Error(`${name}: give only one of min_lr and min_lr_rate`);
  if (minLr !== undefined) return minLr / optimizerLr(optimizer);
  if (rate === undefined) throw new Error(`${name}: one of the options min_lr and min_lr_rate is required`);
  return rate;
}

/**
 * HF's `get_scheduler(name, optimizer, num_warmup_steps, num_training_steps, scheduler_specific_kwargs)`, with the
 * same defaults, required options and option names. Which options a schedule reads follows HF too: `constant`
 * ignores warmup and kwargs, `constant_with_warmup` ignores kwargs, `reduce_lr_on_plateau` reads only kwargs.
 */
export function getScheduler(
  name: string,
  optimizer: Optimizer,
  options: SchedulerOptions = {},
): LRScheduler {
  if (!isSchedulerName(name)) {
    throw new Error(`unknown lr scheduler '${name}': expected one of ${SCHEDULER_NAMES.join(", ")}`);
  }
  if (name === "constant") return new LambdaLR(name, optimizer, constantLambda());
  if (name === "reduce_lr_on_plateau") {
    const kwargs = new SchedulerKwargs(name, options.kwargs, [
      "mode",
      "factor",
      "patience",
      "threshold",
      "threshold_mode",
      "cooldown",
      "min_lr",
      "eps",
    ]);
    return new ReduceLROnPlateau(optimizer, {
      mode: kwargs.choice<PlateauMode>("mode", ["min", "max"], "min"),
      factor: kwargs.number("factor", 0.1),
      patience: kwargs.number("patience", 10),
      threshold: kwargs.number("threshold", 1e-4),
      thresholdMode: kwargs.choice<PlateauThresholdMode>("threshold_mode", ["rel", "abs"], "rel"),
      cooldown: kwargs.number("cooldown", 0),
      minLr: kwargs.numberOrList("min_lr", 0),
      eps: kwargs.number("eps", 1e-8),
    });
  }

  const warmup = requireStepCount(options.numWarmupSteps, name, "numWarmupSteps");
  if (name === "constant_with_warmup") return new LambdaLR(name, optimizer, constantWithWarmupLambda(warmup));
  if (name === "inverse_sqrt") {
    const kwargs = new SchedulerKwargs(name, options.kwargs, ["timescale"]);
    // HF: timescale defaults to the warmup length, or 10 000 without warmup.
    const timescale = kwargs.optionalNumber("timescale") ?? (warmup || 10_000);
    return new LambdaLR(name, optimizer, inverseSqrtLambda(warmup, timescale));
  }
  if (name === "warmup_stable_decay") return createWarmupStableDecay(optimizer, warmup, options);

  const total = requireStepCount(options.numTrainingSteps, name, "numTrainingSteps");
  switch (name) {
    case "linear":
      SchedulerKwargs.rejectAll(name, options.kwargs);
      return new LambdaLR(name, optimizer, linearLambda(warmup, total));
    case "cosine": {
      const kwargs = new SchedulerKwargs(name, options.kwargs, ["num_cycles"]);
      return new LambdaLR(name, optimizer, cosineLambda(warmup, total, kwargs.number("num_cycles", 0.5)));
    }
    case "cosine_with_restarts": {
      const kwargs = new SchedulerKwargs(name, options.kwargs, ["num_cycles"]);
      return new LambdaLR(
        name,
        optimizer,
        cosineWithHardRestartsLambda(warmup, total, kwargs.number("num_cycles", 1)),
      );
    }
    case "polynomial": {
      const kwargs = new SchedulerKwargs(name, options.kwargs, ["lr_end", "power"]);
      const lrEnd = kwargs.number("lr_end", 1e-7);
      const lrInit = optimizerLr(optimizer);
      if (!(lrInit > lrEnd))
        throw new Error(`polynomial: lr_end (${lrEnd}) must be smaller than the initial lr (${lrInit})`);
      const lambda = polynomialDecayLambda(warmup, total, lrInit, lrEnd, kwargs.number("power", 1));
      return new LambdaLR(name, optimizer, lambda);
    }
    case "cosine_with_min_lr": {
      const kwargs = new SchedulerKwargs(name, options.kwargs, ["num_cycles", "min_lr", "min_lr_rate"]);
      const rate = minLrRate(name, kwargs, optimizer);
      return new LambdaLR(
        name,
        optimizer,
        cosineLambda(warmup, total, kwargs.number("num_cycles", 0.5), rate),
      );
    }
    case "cosine_warmup_with_min_lr": {
      const accepted = ["num_cycles", "min_lr", "min_lr_rate", "warmup_lr_rate"];
      const kwargs = new SchedulerKwargs(name, options.kwargs, accepted);
      const lambda = cosineWarmupWithMinLrLambda(
        warmup,
        total,
        kwargs.number("num_cycles", 0.5),
        minLrRate(name, kwargs, optimizer),
        kwargs.optionalNumber("warmup_lr_rate"),
      );
      return new LambdaLR(name, optimizer, lambda);
    }
  }
}

/**
 * `warmup_stable_decay` needs num_decay_steps, and the stable length either given (num_stable_steps, which wins
 * when both are known, as in HF) or derived from the total: total − warmup − decay.
 */
function createWarmupStableDecay(
  optimizer: Optimizer,
  warmup: number,
  options: SchedulerOptions,
): LRScheduler {
  const name = "warmup_stable_decay";
  const kwargs = new SchedulerKwargs(name, options.kwargs, [
    "num_decay_steps",
    "num_stable_steps",
    "warmup_type",
    "decay_type",
    "min_lr_ratio",
    "num_cycles",
  ]);
  const decaySteps = requireStepCount(kwargs.requiredNumber("num_decay_steps"), name, "num_decay_steps");
  const givenStable = kwargs.optionalNumber("num_stable_steps");
  let stableSteps: number;
  if (givenStable !== undefined) {
    stableSteps = requireStepCount(givenStable, name, "num_stable_steps");
  } else if (options.numTrainingSteps !== undefined) {
    stableSteps = requireStepCount(options.numTrainingSteps, name, "numTrainingSteps") - warmup - decaySteps;
  } else {
    throw new Error(`${name} requires numTrainingSteps or the option num_stable_steps`);
  }
  const lambda = warmupStableDecayLambda({
    warmupSteps: warmup,
    stableSteps,
    decaySteps,
    warmupType: kwargs.choice("warmup_type", WSD_SHAPES, "linear"),
    decayType: kwargs.choice("decay_type", WSD_SHAPES, "cosine"),
    minLrRatio: kwargs.number("min_lr_ratio", 0),
    numCycles: kwargs.number("num_cycles", 0.5),
  });
  return new LambdaLR(name, optimizer, lambda);
}
