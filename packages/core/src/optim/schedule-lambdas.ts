/**
 * The multiplier λ(step) of each HF schedule (transformers `optimization.py`), as pure functions of the step that
 * torch's LambdaLR passes (0 at creation, then 1, 2, …). Arithmetic is float64 in the same order as HF's Python, so
 * the values match HF's to the last bit or nearly (only `cos`, `sqrt` and `**` of the platform's libm can differ).
 */
export type ScheduleLambda = (step: number) => number;

/** The linear ramp 0 → 1 over the warmup that most schedules share. */
function linearWarmup(step: number, warmupSteps: number): number {
  return step / Math.max(1, warmupSteps);
}

export function constantLambda(): ScheduleLambda {
  return () => 1;
}

export function constantWithWarmupLambda(warmupSteps: number): ScheduleLambda {
  return (step) => (step < warmupSteps ? linearWarmup(step, warmupSteps) : 1);
}

export function linearLambda(warmupSteps: number, trainingSteps: number): ScheduleLambda {
  return (step) => {
    if (step < warmupSteps) return linearWarmup(step, warmupSteps);
    return Math.max(0, (trainingSteps - step) / Math.max(1, trainingSteps - warmupSteps));
  };
}

/**
 * `cosine` and `cosine_with_min_lr` (HF routes both through one function; plain cosine has minLrRate 0, for which
 * `factor * 1 + 0` is exact).
 */
export function cosineLambda(
  warmupSteps: number,
  trainingSteps: number,
  numCycles: number,
  minLrRate = 0,
): ScheduleLambda {
  return (step) => {
    if (step < warmupSteps) return linearWarmup(step, warmupSteps);
    const progress = (step - warmupSteps) / Math.max(1, trainingSteps - warmupSteps);
    const factor = 0.5 * (1 + Math.cos(Math.PI * numCycles * 2 * progress));
    return Math.max(0, factor * (1 - minLrRate) + minLrRate);
  };
}

export function cosineWithHardRestartsLambda(
  warmupSteps: number,
  trainingSteps: number,
  numCycles: number,
): ScheduleLambda {
  return (step) => {
    if (step < warmupSteps) return linearWarmup(step, warmupSteps);
    const progress = (step - warmupSteps) / Math.max(1, trainingSteps - warmupSteps);
    if (progress >= 1) return 0;
    // Both operands are non-negative here, where JS `%` and Python's float `%` agree.
    return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * ((numCycles * progress) % 1))));
  };
}

/** Decays from `lrInit` to `lrEnd`; the value is divided by `lrInit` because LambdaLR multiplies by the base lr. */
export function polynomialDecayLambda(
  warmupSteps: number,
  trainingSteps: number,
  lrInit: number,
  lrEnd: number,
  power: number,
): ScheduleLambda {
  return (step) => {
    if (step < warmupSteps) return linearWarmup(step, warmupSteps);
    if (step > trainingSteps) return lrEnd / lrInit;
    const lrRange = lrInit - lrEnd;
    const decaySteps = trainingSteps - warmupSteps;
    // HF divides by zero here (a ZeroDivisionError); a NaN lr would instead corrupt training silently.
    if (decaySteps === 0)
      throw new Error("polynomial: num_training_steps equals num_warmup_steps: nothing to decay over");
    const pctRemaining = 1 - (step - warmupSteps) / decaySteps;
    return (lrRange * pctRemaining ** power + lrEnd) / lrInit;
  };
}

export function inverseSqrtLambda(warmupSteps: number, timescale: number): ScheduleLambda {
  return (step) => {
    if (step < warmupSteps) return linearWarmup(step, warmupSteps);
    const shift = timescale - warmupSteps;
    return 1 / Math.sqrt((step + shift) / timescale);
  };
}

/**
 * `cosine_warmup_with_min_lr`: unlike the others its warmup never starts at 0 (step 0 gets 1/warmup, or
 * `warmupLrRate`), and its cosine progress is one step ahead, so the last training step reaches the minimum.
 */
export function cosineWarmupWithMinLrLambda(
  warmupSteps: number,
  trainingSteps: number,
  numCycles: number,
  minLrRate: number,
  warmupLrRate: number | undefined,
): ScheduleLambda {
  return (step) => {
    if (step < warmupSteps) {
      if (warmupLrRate === undefined) return (step + 1) / Math.max(1, warmupSteps);
      return warmupLrRate + ((1 - warmupLrRate) * step) / Math.max(1, warmupSteps - 1);
    }
    const progress = (step - warmupSteps + 1) / Math.max(1, trainingSteps - warmupSteps);
    const factor = 0.5 * (1 + Math.cos(Math.PI * numCycles * 2 * progress));
    return Math.max(0, factor * (1 - minLrRate) + minLrRate);
  };
}

export const WSD_SHAPES = ["linear", "cosine", "1-sqrt"] as const;
export type WsdShape = (typeof WSD_SHAPES)[number];

export interface WarmupStableDecayOptions {
  warmupSteps: number;
  stableSteps: number;
  decaySteps: number;
  warmupType: WsdShape;
  decayType: WsdShape;
  minLrRatio: number;
  numCycles: number;
}

/** `warmup_stable_decay`: warmup from minLrRatio to 1, a flat stretch, a decay back to minLrRatio, then minLrRatio. */
export function warmupStableDecayLambda(options: WarmupStableDecayOptions): ScheduleLambda {
  const { warmupSteps, stableSteps, decaySteps, warmupType, decayType, minLrRatio, numCycles } = options;
  const rescale = (factor: number) => Math.max(0, factor * (1 - minLrRatio) + minLrRatio);
  return (step) => {
    if (step < warmupSteps) {
      const progress = step / Math.max(1, warmupSteps);
      if (warmupType === "linear") return rescale(progress);
      if (warmupType === "cosine") return rescale(0.5 * (1 - Math.cos(Math.PI * progress)));
      return rescale(1 - Math.sqrt(1 - progress));
    }
    if (step < warmupSteps + stableSteps) return 1;
    if (step < warmupSteps + stableSteps + decaySteps) {
      const progress = (step - warmupSteps - stableSteps) / Math.max(1, decaySteps);
      if (decayType === "linear") return rescale(1 - progress);
      if (decayType === "cosine") return rescale(0.5 * (1 + Math.cos(Math.PI * numCycles * 2 * progress)));
      return rescale(1 - Math.sqrt(progress));
    }
    return minLrRatio;
  };
}
