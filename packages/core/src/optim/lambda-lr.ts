import { isRecord, requireFiniteNumber, requireInteger } from "./checks.js";
import type { ScheduleLambda } from "./schedule-lambdas.js";
import type { LRScheduler, Optimizer } from "./types.js";

function readNumberList(value: unknown, length: number, what: string): number[] {
  if (!Array.isArray(value) || value.length !== length) {
    throw new Error(
      `${what} must be a list of ${length} numbers (one per parameter group), got ${JSON.stringify(value)}`,
    );
  }
  return value.map((item, i) => requireFiniteNumber(item, `${what}[${i}]`));
}

/**
 * torch's LambdaLR: every group's lr is its base lr (`initialLr`) times λ(last_epoch). Creating it performs torch's
 * initial step, so right after creation last_epoch is 0 and the groups hold base × λ(0); each `step()` advances
 * last_epoch by one. The step counts optimizer steps, not epochs; torch kept the name.
 */
export class LambdaLR implements LRScheduler {
  readonly stepsOnMetric = false;
  private baseLrs: number[];
  private lastEpoch = -1;
  private stepCount = 0;
  private lastLr: number[] = [];

  constructor(
    readonly name: string,
    private readonly optimizer: Optimizer,
    private readonly lambda: ScheduleLambda,
  ) {
    this.baseLrs = optimizer.paramGroups.map((group) => group.initialLr);
    this.step();
  }

  /** Advances one optimizer step. A metric, if given, is ignored: this schedule depends on the step alone. */
  step(_metric?: number): void {
    this.stepCount += 1;
    this.lastEpoch += 1;
    const factor = this.lambda(this.lastEpoch);
    this.optimizer.paramGroups.forEach((group, i) => {
      group.lr = this.baseLrs[i] * factor;
    });
    this.lastLr = this.optimizer.paramGroups.map((group) => group.lr);
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** torch's LambdaLR state (its keys), plus the schedule's name so a state cannot be loaded into another schedule. */
  stateDict(): Record<string, unknown> {
    return {
      lr_scheduler_type: this.name,
      base_lrs: [...this.baseLrs],
      last_epoch: this.lastEpoch,
      _step_count: this.stepCount,
      _last_lr: [...this.lastLr],
    };
  }

  /**
   * Restores the position in the schedule. The groups' lr is set to the restored last lr too (torch leaves that to
   * the optimizer's own state; both agree when they come from the same checkpoint, and this way a scheduler restored
   * alone still continues where it was).
   */
  loadStateDict(state: Record<string, unknown>): void {
    const where = `${this.name} scheduler: loadStateDict`;
    if (!isRecord(state)) throw new Error(`${where}: the state must be an object`);
    if (state.lr_scheduler_type !== undefined && state.lr_scheduler_type !== this.name) {
      throw new Error(`${where}: the state is of a '${String(state.lr_scheduler_type)}' scheduler`);
    }
    const groupCount = this.optimizer.paramGroups.length;
    const baseLrs = readNumberList(state.base_lrs, groupCount, `${where}: base_lrs`);
    const lastLr = readNumberList(state._last_lr, groupCount, `${where}: _last_lr`);
    const lastEpoch = requireInteger(state.last_epoch, `${where}: last_epoch`);
    const stepCount = requireInteger(state._step_count, `${where}: _step_count`);

    this.baseLrs = baseLrs;
    this.lastLr = lastLr;
    this.lastEpoch = lastEpoch;
    this.stepCount = stepCount;
    this.optimizer.paramGroups.forEach((group, i) => {
      group.lr = lastLr[i];
    });
  }
}
