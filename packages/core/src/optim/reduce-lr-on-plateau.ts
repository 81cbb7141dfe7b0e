import { decodeFloat, encodeFloat, isRecord, requireFiniteNumber, requireInteger } from "./checks.js";
import type { LRScheduler, Optimizer } from "./types.js";

export type PlateauMode = "min" | "max";
export type PlateauThresholdMode = "rel" | "abs";

export interface ReduceLROnPlateauOptions {
  /** "min": the metric should go down (a loss); "max": up (an accuracy). Default "min". */
  mode?: PlateauMode;
  /** new lr = lr × factor. Must be < 1. Default 0.1. */
  factor?: number;
  /** Evaluations without improvement tolerated before reducing. Default 10. */
  patience?: number;
  /** How much better than the best a metric must be to count as an improvement. Default 1e-4. */
  threshold?: number;
  /** "rel": relative to the best; "abs": an absolute margin. Default "rel". */
  thresholdMode?: PlateauThresholdMode;
  /** Evaluations after a reduction during which bad evaluations are not counted. Default 0. */
  cooldown?: number;
  /** Lower bound on the lr, one for all groups or one per group. Default 0. */
  minLr?: number | number[];
  /** A reduction smaller than this is skipped. Default 1e-8. */
  eps?: number;
}

function checkMode(mode: unknown, where: string): PlateauMode {
  if (mode !== "min" && mode !== "max")
    throw new Error(`${where}: mode must be "min" or "max", got ${JSON.stringify(mode)}`);
  return mode;
}

function checkThresholdMode(mode: unknown, where: string): PlateauThresholdMode {
  if (mode !== "rel" && mode !== "abs") {
    throw new Error(`${where}: threshold_mode must be "rel" or "abs", got ${JSON.stringify(mode)}`);
  }
  return mode;
}

/**
 * torch's ReduceLROnPlateau: multiplies every group's lr by `factor` once the metric has failed to improve for more
 * than `patience` evaluations, then ignores bad evaluations for `cooldown` evaluations; never goes below `min_lr`.
 * HF steps it after each evaluation with the metric (`metric_for_best_model`, else eval_loss).
 */
export class ReduceLROnPlateau implements LRScheduler {
  readonly name = "reduce_lr_on_plateau";
  readonly stepsOnMetric = true;
  private mode: PlateauMode;
  private factor: number;
  private patience: number;
  private threshold: number;
  private thresholdMode: PlateauThresholdMode;
  private cooldown: number;
  private minLrs: number[];
  private eps: number;
  private best: number;
  private numBadEpochs = 0;
  private cooldownCounter = 0;
  private lastEpoch = 0;
  private lastLr: number[];

  constructor(
    private readonly optimizer: Optimizer,
    options: ReduceLROnPlateauOptions = {},
  ) {
    const where = "reduce_lr_on_plateau";
    this.mode = checkMode(options.mode ?? "min", where);
    this.thresholdMode = checkThresholdMode(options.thresholdMode ?? "rel", where);
    this.factor = requireFiniteNumber(options.factor ?? 0.1, `${where}: factor`);
    if (this.factor >= 1) throw new Error(`${where}: factor must be < 1, got ${this.factor}`);
    this.patience = requireInteger(options.patience ?? 10, `${where}: patience`);
    this.threshold = requireFiniteNumber(options.threshold ?? 1e-4, `${where}: threshold`);
    this.cooldown = requireInteger(options.cooldown ?? 0, `${where}: cooldown`);
    this.eps = requireFiniteNumber(options.eps ?? 1e-8, `${where}: eps`);
    const groupCount = optimizer.paramGroups.length;
    const minLr = options.minLr ?? 0;
    if (Array.isArray(minLr)) {
      if (minLr.length !== groupCount) {
        throw new Error(
          `${where}: min_lr has ${minLr.length} values but the optimizer has ${groupCount} groups`,
        );
      }
      this.minLrs = minLr.map((value, i) => requireFiniteNumber(value, `${where}: min_lr[${i}]`));
    } else {
      this.minLrs = new Array(groupCount).fill(requireFiniteNumber(minLr, `${where}: min_lr`));
    }
    this.best = this.worstValue();
    this.lastLr = optimizer.paramGroups.map((group) => group.lr);
  }

  private worstValue(): number {
    return this.mode === "min" ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }

  private isBetter(value: number, best: number): boolean {
    if (this.mode === "min") {
      return this.thresholdMode === "rel"
        ? value < best * (1 - this.threshold)
        : value < best - this.threshold;
    }
    return this.thresholdMode === "rel" ? value > best * (this.threshold + 1) : value > best + this.threshold;
  }

  /** One evaluation's metric. */
  step(metric?: number): void {
    if (metric === undefined) {
      throw new Error(
        "reduce_lr_on_plateau: step() needs the evaluation metric (HF steps it after each evaluation)",
      );
    }
    this.lastEpoch += 1;
    if (this.isBetter(metric, this.best)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((group) => group.lr);
  }

  private reduceLr(): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      const oldLr = group.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i]);
      if (oldLr - newLr > this.eps) group.lr = newLr;
    });
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** torch's keys; `best` may be ±Infinity, written as a string (JSON has no infinities). */
  stateDict(): Record<string, unknown> {
    return {
      lr_scheduler_type: this.name,
      mode: this.mode,
      factor: this.factor,
      patience: this.patience,
      threshold: this.threshold,
      threshold_mode: this.thresholdMode,
      cooldown: this.cooldown,
      min_lrs: [...this.minLrs],
      eps: this.eps,
      best: encodeFloat(this.best),
      num_bad_epochs: this.numBadEpochs,
      cooldown_counter: this.cooldownCounter,
      last_epoch: this.lastEpoch,
      _last_lr: [...this.lastLr],
    };
  }

  /** Restores the counters and settings; the groups' lr is set to the restored last lr (see LambdaLR). */
  loadStateDict(state: Record<string, unknown>): void {
    const where = "reduce_lr_on_plateau scheduler: loadStateDict";
    if (!isRecord(state)) throw new Error(`${where}: the state must be an object`);
    if (state.lr_scheduler_type !== undefined && state.lr_scheduler_type !== this.name) {
      throw new Error(`${where}: the state is of a '${String(state.lr_scheduler_type)}' scheduler`);
    }
    const groupCount = this.optimizer.paramGroups.length;
    const readList = (value: unknown, what: string): number[] => {
      if (!Array.isArray(value) || value.length !== groupCount) {
        throw new Error(`${where}: ${what} must be a list of ${groupCount} numbers`);
      }
      return value.map((item, i) => requireFiniteNumber(item, `${where}: ${what}[${i}]`));
    };
    const restored = {
      mode: checkMode(state.mode, where),
      thresholdMode: checkThresholdMode(state.threshold_mode, where),
      factor: requireFiniteNumber(state.factor, `${where}: factor`),
      patience: requireInteger(state.patience, `${where}: patience`),
      threshold: requireFiniteNumber(state.threshold, `${where}: threshold`),
      cooldown: requireInteger(state.cooldown, `${where}: cooldown`),
      minLrs: readList(state.min_lrs, "min_lrs"),
      eps: requireFiniteNumber(state.eps, `${where}: eps`),
      best: decodeFloat(state.best, `${where}: best`),
      numBadEpochs: requireInteger(state.num_bad_epochs, `${where}: num_bad_epochs`),
      cooldownCounter: requireInteger(state.cooldown_counter, `${where}: cooldown_counter`),
      lastEpoch: requireInteger(state.last_epoch, `${where}: last_epoch`),
      lastLr: readList(state._last_lr, "_last_lr"),
    };
    this.mode = restored.mode;
    this.thresholdMode = restored.thresholdMode;
    this.factor = restored.factor;
    this.patience = restored.patience;
    this.threshold = restored.threshold;
    this.cooldown = restored.cooldown;
    this.minLrs = restored.minLrs;
    this.eps = restored.eps;
    this.best = restored.best;
    this.numBadEpochs = restored.numBadEpochs;
    this.cooldownCounter = restored.cooldownCounter;
    this.lastEpoch = restored.lastEpoch;
    this.lastLr = restored.lastLr;
    this.optimizer.paramGroups.forEach((group, i) => {
      group.lr = restored.lastLr[i];
    });
  }
}
