/**
 * Flags plugins set to steer the loop (HF's TrainerControl). Plugins set them; the core reads them and resets them at
 * the points HF resets them: should_training_stop at train begin, should_epoch_stop at epoch begin, the log/evaluate/
 * save flags at step begin, and each of those three right before its own event fires.
 */
export class TrainerControl {
  should_training_stop = false;
  should_epoch_stop = false;
  should_save = false;
  should_evaluate = false;
  should_log = false;

  newTraining(): void {
    this.should_training_stop = false;
  }

  newEpoch(): void {
    this.should_epoch_stop = false;
  }

  newStep(): void {
    this.should_save = false;
    this.should_evaluate = false;
    this.should_log = false;
  }

  /** HF's ExportableState form, stored in trainer_state.json under stateful_callbacks.TrainerControl. */
  state(): ExportedState {
    return {
      args: {
        should_training_stop: this.should_training_stop,
        should_epoch_stop: this.should_epoch_stop,
        should_save: this.should_save,
        should_evaluate: this.should_evaluate,
        should_log: this.should_log,
      },
      attributes: {},
    };
  }

  loadState(saved: ExportedState): void {
    const flags = saved.args as Partial<Record<keyof TrainerControlFlags, unknown>>;
    for (const key of CONTROL_FLAGS) {
      if (typeof flags[key] === "boolean") this[key] = flags[key];
    }
  }
}

type TrainerControlFlags = Pick<
  TrainerControl,
  "should_training_stop" | "should_epoch_stop" | "should_save" | "should_evaluate" | "should_log"
>;

const CONTROL_FLAGS = [
  "should_training_stop",
  "should_epoch_stop",
  "should_save",
  "should_evaluate",
  "should_log",
] as const satisfies readonly (keyof TrainerControlFlags)[];

/** What a stateful plugin (HF: ExportableState callback) saves: constructor args and mutable attributes. */
export interface ExportedState {
  args: Record<string, unknown>;
  attributes: Record<string, unknown>;
}
